// The ArchitectServer target. See README.md for the layout.
