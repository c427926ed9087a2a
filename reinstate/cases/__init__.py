"""Cases: one appeal for one seller account, its deadlines, attempts, review clock and reminders."""
