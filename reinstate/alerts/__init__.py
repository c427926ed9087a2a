"""Alerts: changes worth telling the organisation at once, sent to its channels."""
