"""The form a collaborator fills for someone they register."""
from portal.events.forms import RegistrationForm
from portal.i18n import lazy_gettext as _l
from portal.models import ROLES
from portal.web.forms import one_of


class OnBehalfForm(RegistrationForm):
    """The registration form's fields and checks, its questions asked about the person registered: the collaborator
    reads them the notice and ticks the box once they agree."""

    def __init__(self, communes, *args, **kwargs):
        super().__init__(communes, *args, **kwargs)
        self.role.label.text = _l("Người này là")
        self.role.validators = [one_of(lambda: ROLES, _l("Vui lòng chọn mục “Người này là”."))]
        self.consent.label.text = _l("Người được đăng ký đã nghe thông báo trên và đồng ý.")
