"""What a signed-in candidate's account tells the apply form: who they are."""

from vivier.accounts.candidates import is_candidate


def applicant_initial(user) -> dict:
    """The apply form's name and e-mail, from the account (LinkedIn's or Google's, or the link's).

    Only a candidate's account: a team member trying the form types their own details.
    """
    if not is_candidate(user):
        return {}
    return {"first_name": user.first_name, "last_name": user.last_name, "email": user.email}
