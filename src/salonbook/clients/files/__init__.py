"""Files on client cards: what may be added (checked by content, not only by name), where it is
kept (a private root, never served), who may read it, and the chain's size limit; their pages,
API and the "Client base" settings page."""
