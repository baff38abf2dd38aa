"""Build the CCHC Excel add-in (.xlam) from text sources, without Excel.

``ovba`` compresses VBA source (MS-OVBA 2.4.1), ``cfb`` writes a compound file
(MS-CFB), ``vba_project`` rewrites ``vbaProject.bin`` and ``package`` assembles the
zip from the ribbon add-in template inside the pinned xlwings package.
"""
