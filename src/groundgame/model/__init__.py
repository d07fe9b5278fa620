"""The network's records and their time: typed records, series rules, time zones and the schedule
(every meeting of every event, derived once). Nothing here reads files or writes output.
"""
