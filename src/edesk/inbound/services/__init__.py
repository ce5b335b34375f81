"""Every write to incoming documents: one function per business action (see the modules below)."""

from edesk.inbound.services.received import (
    received_deliver,
    received_open,
    received_recall,
    received_register,
)
from edesk.inbound.services.registration import IncomingData, RegistrationResult, incoming_register
from edesk.inbound.services.workflow import (
    AssignmentSpec,
    assignment_complete,
    assignment_delegate,
    assignment_progress,
    incoming_direct,
    incoming_open,
    incoming_present,
    incoming_reassign,
    incoming_return,
)

__all__ = [
    "AssignmentSpec",
    "IncomingData",
    "RegistrationResult",
    "assignment_complete",
    "assignment_delegate",
    "assignment_progress",
    "incoming_direct",
    "incoming_open",
    "incoming_present",
    "incoming_reassign",
    "incoming_register",
    "incoming_return",
    "received_deliver",
    "received_open",
    "received_recall",
    "received_register",
]
