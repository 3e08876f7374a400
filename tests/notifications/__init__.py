"""E-mail (planner/notifications): the outbox written with each change, what each message
says and in which language, delivery over SMTP, its retries and faults."""
