"""Make ``ansible_collections.linuxnet.netns`` importable from a checkout (see `make collection-link`)."""
import os
import sys

COLLECTIONS = os.path.join(os.path.dirname(__file__), "..", "..", ".build", "collections")
if os.path.isdir(COLLECTIONS) and os.path.abspath(COLLECTIONS) not in sys.path:
    sys.path.insert(0, os.path.abspath(COLLECTIONS))
