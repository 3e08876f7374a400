# The SMTP sink of mail-sink.yml: aiosmtpd (pinned as in pyproject.toml's dev extra).
FROM python:3.11-slim
RUN pip install --no-cache-dir aiosmtpd==1.4.6
