"""Citizens signed in through the national sign-on (VNeID, OpenID Connect): the identity, never a
password of ours (issue 15, decision 0023)."""
