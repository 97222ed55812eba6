"""The ground floor: the movement's vocabulary and rules, pure (no I/O), used by every layer."""
