"""Reports of a meeting for the minutes and the credentials committee: the credentials report
and the attendance list. ``service`` gathers each as plain rows once; ``pdf`` lays them out for
print, ``tabular`` writes the same rows as CSV or XLSX; ``labels`` names their values in the
reader's language."""
