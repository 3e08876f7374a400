"""Bad, hostile and oversized input on every way in (API, pages, services): refused with
a 4xx naming the field, never a 5xx, nothing written."""
