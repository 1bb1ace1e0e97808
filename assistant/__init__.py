"""IMR determination drafting assistant.

Importing the package switches off the telemetry of the libraries it uses before any of them is
imported: nothing leaves the machine unless the user configures a remote backend.
"""

from assistant.offline import disable_telemetry

disable_telemetry()

__version__ = "0.1.0"
