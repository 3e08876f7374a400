"""The API as a whole: its OpenAPI document, Schemathesis against it, cached answers."""
