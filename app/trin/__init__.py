"""The guided flow's steps (SØM's order), one module per step.

Each module has `render(data, kb)`: it draws the step's widgets seeded from the calculation's
plain data; accepted edits reach the data through the widgets' callbacks (app/widgets.py) and
the tables' sync (app/tables.py), never by a return value. No formulas and no knowledge-base
lookups here: they are in som.views.
"""
