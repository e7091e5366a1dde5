"""Pure domain: enums, labels, frozen DTOs, errors. Standard library only."""
