"""Code shared by the tests: factories, builders of a place's objects, worker and server
processes, crafted upload files, assertions used by several test modules.

Test modules and conftest files import shared code from here only, never from one another
(tests/test_test_layout.py checks it), so a test module can be read, moved or deleted on its own.
Fixtures shared by a folder of tests belong in that folder's conftest.py; a fixture defined here is
used by the test modules that import it.
"""
