"""Speech engines, the caption stream, the glossary and model management."""
