"""The assembly's rules above events and members: credentials, proxies, the door (check-in and
check-out), quorum and frozen voter rolls. ``models`` holds the tables; each part is a
sub-package with its own service, API and pages."""
