"""Reports of a meeting for the minutes and the credentials committee: the credentials report
and the attendance list. ``service`` gathers each as plain rows once, ``labels`` names their
values in the reader's language and ``tabular`` writes the rows as CSV or XLSX; the PDFs and the
downloads are the packs' (``planner.packs.reports``), which own ReportLab and its fonts."""
