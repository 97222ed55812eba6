"""The audit trail: the console's own record (sign-ins, organisation changes, console actions)
and one list that reads it together with every feature's history."""
