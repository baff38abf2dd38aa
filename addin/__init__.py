"""The Excel add-in: ribbon actions (``actions``, ``registry``, ``entry``) and its builder (``xlam``)."""
