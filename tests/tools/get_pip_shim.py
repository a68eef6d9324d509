"""Stand-in for ansible-test's pip bootstrap script, for machines that reach PyPI but not the host
ansible-test downloads that script from. ansible-test runs it inside a fresh, pip-less venv as
``python get_pip.py [pip options] PACKAGES``; we get pip from the standard library's ensurepip,
then let that pip install the requested packages (pip itself at ansible-test's pinned version)
from the package index.
"""
import subprocess
import sys

GET_PIP_ONLY_OPTIONS = {"--no-setuptools", "--no-wheel"}

subprocess.check_call([sys.executable, "-m", "ensurepip", "--default-pip"],
                      stdout=subprocess.DEVNULL)
args = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY_OPTIONS]
sys.exit(subprocess.call([sys.executable, "-m", "pip", "install"] + args))
