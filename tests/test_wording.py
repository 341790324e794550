"""View tests: words that match what the person sees (the notice's place, the field's own name), a way forward for a
household sharing one phone, and the desk's red result repeating the code that was typed."""
from tests.conftest import csrf_from
from tests.factories import form_data, gen_event, gen_registration, gen_user, open_event


def test_the_consent_box_points_up_to_the_notice_above_it(ctx, client):
    page = client.get(f"/events/{gen_event().slug}").text
    notice, consent = page.index("Thông báo về dữ liệu cá nhân"), page.index('id="field-consent"')
    assert notice < consent
    assert "theo thông báo ở trên" in page and "dưới đây" not in page


def test_the_role_message_names_the_field_as_the_person_sees_it(ctx, client):
    event = gen_event()
    token = csrf_from(client, f"/events/{event.slug}")
    response = client.post(f"/events/{event.slug}/register", data=form_data(csrf_token=token, role=""))
    assert response.status_code == 422
    assert "Vui lòng chọn mục “Bạn là”." in response.text and "đối tượng" not in response.text


def test_a_family_whose_phone_has_no_place_left_is_told_what_works(ctx, client):
    event = gen_event()
    for n, name in enumerate(("Nguyễn Thị Lan", "Trần Văn Hùng", "Trần Minh Khoa", "Lê Thị Mai", "Trần Văn Tư")):
        gen_registration(event, full_name=name, birth_year=1960 + n)  # all on 0912345678
    token = csrf_from(client, f"/events/{event.slug}")
    response = client.post(f"/events/{event.slug}/register",
                           data=form_data(csrf_token=token, full_name="Trần Thị Hoa", birth_year="2015"))
    assert response.status_code == 422
    field = response.text.split('id="field-phone"', 1)[1].split("</div>", 1)[0]
    assert "đã đăng ký đủ 5 người" in field and "bằng một số khác" in field and "điểm danh tại chỗ" in field
    way_back = response.text.split('id="household-full"', 1)[1].split("</p>", 1)[0]
    assert "Lấy lại vé" in way_back and "/tickets/recover" in way_back


def test_the_desks_red_result_repeats_the_code_typed(ctx, client, auth, htmx):
    gen_user()
    auth.login()
    token = csrf_from(client, "/manage/")
    event = open_event()
    url = f"/manage/events/{event.slug}/scan"
    typed = "ABCD-12<b>X</b>"
    for response in (htmx.post(url, target="scan-result", csrf=token, data={"code": typed}),
                     client.post(url, data={"csrf_token": token, "code": typed})):
        result = response.text.split('id="scan-result"', 1)[1].split("</div>", 1)[0]
        assert 'class="scan-result refused"' in response.text and "Không tìm thấy vé" in result
        assert "Mã đã nhập: <code>ABCD-12&lt;b&gt;X&lt;/b&gt;</code>" in result and "<b>X" not in response.text
