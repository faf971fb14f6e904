"""The client base as the salon works with it: the Clients tab (search, filters incl. "has a
balance") and the client card page (details form and figures, History of visits, Customer
loyalty), the client search of the API and a client's visits there.

They show a client's visits, money and loyalty, so they sit above the visit and the checkout
(and loyalty), which the clients app below them knows nothing of. No models: the cards are
salonbook.clients'; listed in INSTALLED_APPS so that its templates and static files are found.
"""
