"""The bouncing-ball world, the exact oracle and the models shared by every script."""
