"""The committee workbook: export with live formulas, import back to a calculation, template.

Modules: `layout` (the declared layout every other module reads), `sheets` (workbook and formats),
`inputs`/`formulas`/`outputs`/`uncertainty` (what export writes), `export`, `template`,
`importer` (+ `import_sheets`, `import_tables`, `reader`, `safety`) for reading a workbook back.
The importer is `importer`, not `import`, because `import` is a Python keyword.
"""
