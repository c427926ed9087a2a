"""Penalty simulators: pure functions of a platform pack's rules, the inputs and a date."""
