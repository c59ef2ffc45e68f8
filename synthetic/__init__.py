"""The synthetic OpenAlex-format generator: files for a loader, around the reference researcher.

It loads nothing itself; loaders.demo loads what it writes.
"""
