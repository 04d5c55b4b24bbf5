"""The project's vocabulary and place rules: the bottom layer, imported by every other.

Nothing here imports from another package of the project.
"""
