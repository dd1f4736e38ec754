"""jamfkb."""
