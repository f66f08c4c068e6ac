"""Every write about people, memberships, organisations, the movement's documents, group
affiliation, lived experience, partnership forums and API tokens goes through a function of
these modules, one per sub-domain (as in members/models/):

- people: registration, profiles, roles in networks, organisations and their contacts
- charter: document versions and translations, signing and confirming signatures
- affiliation: group affiliation applications and their state machine
- lived_experience: Sanctuary Ambassadors and the Experts by Experience Advisory Group
- partnerships: Sanctuary Partnership forums and their members
- api_tokens: personal API tokens

Import from the module itself (`from members.services.charter import sign_document`); this
package re-exports nothing.
"""
