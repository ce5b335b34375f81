"""Digital signatures: PAdES signing with pyHanko, the Decree 30 appearances, key providers and the
verification of every signed PDF that enters the system."""
