"""The client base: the client card (its fields, the chain's additional fields, phones as each
role may see them, search), the client picker of the booking form, the new-client page, the
settings of additional fields; files on cards (clients.files) and import/export
(clients.transfer). It knows nothing of visits or money: the Clients tab and the card page,
which show those, are salonbook.clientbase."""
