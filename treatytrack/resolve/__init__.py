"""Text to canonical values: parties, places, dates and agreement aliases."""
