"""Crash safety: work killed (SIGKILL) at random moments, and what it leaves checked afterwards."""
