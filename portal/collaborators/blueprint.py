"""The collaborators blueprint: its address prefix and who may use it."""
from flask import Blueprint

from portal.accounts.policy import collaborator_required

bp = Blueprint("collaborators", __name__, url_prefix="/cong-tac-vien")


@bp.before_request
@collaborator_required
def _collaborators_only():
    """Every page here needs a signed-in collaborator; anyone else gets 404."""
