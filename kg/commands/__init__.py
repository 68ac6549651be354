"""Sub-commands of the kg CLI, one module each."""
