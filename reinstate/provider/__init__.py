"""Service-provider operations (seed 001, issue 19): the price list and quotes, the SLA clock of
engagements, and what a provider's client may do on its cases."""
