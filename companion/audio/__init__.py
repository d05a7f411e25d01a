"""Audio sources of 16 kHz mono int16 frames, with level and voice activity."""
