"""The plan model: indicator catalog, plans, targets, periods and the rule expression language.

Nothing here writes a workbook; the writers (templates, summary) and the readers build on it.
"""
