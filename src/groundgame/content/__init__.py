"""Reading and checking content: files and YAML, the schemas, reading documents into records, the
cross-file rules, and the network loader every command and the build share.
"""
