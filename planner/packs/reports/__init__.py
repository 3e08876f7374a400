"""The meeting's reports as files: the PDFs in the packs' fonts and styles (``pdf``), the
report-by-format table of what can be downloaded (``files``) and the API serving them (``api``).
The rows and the CSV/XLSX writer are governance's (``planner.governance.reports``): this package
only lays them out, as it does packs and badges, since governance sits below the packs."""
