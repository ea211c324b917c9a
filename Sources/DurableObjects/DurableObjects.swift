// The DurableObjects target. See README.md for the layout.
