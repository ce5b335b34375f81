"""Vietnamese personal names and the ASCII user names derived from them.

Family-name weights follow the commonly cited national shares (Nguyễn ≈ 38 %, Trần ≈ 11 %, Lê ≈ 9.5 %…),
with the Nguyễn Phước / Tôn Thất / Tôn Nữ lineages that are typical of Huế added at a small weight.
"""

import random
from itertools import accumulate

from edesk.demo._text import ascii_fold, nfc

_FAMILY: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 36.0),
    ("Trần", 11.0),
    ("Lê", 9.5),
    ("Phạm", 6.5),
    ("Hoàng", 4.0),
    ("Huỳnh", 2.0),
    ("Phan", 4.5),
    ("Võ", 3.5),
    ("Vũ", 1.5),
    ("Đặng", 2.1),
    ("Bùi", 2.0),
    ("Đỗ", 1.4),
    ("Hồ", 1.6),
    ("Ngô", 1.3),
    ("Dương", 1.0),
    ("Lý", 0.5),
    ("Trương", 1.0),
    ("Đoàn", 0.9),
    ("Lương", 0.5),
    ("Mai", 0.5),
    ("Đinh", 0.6),
    ("Cao", 0.4),
    ("Hà", 0.4),
    ("Thái", 0.3),
    ("Châu", 0.3),
    ("Lâm", 0.3),
    ("Văn", 0.3),
    ("Trịnh", 0.4),
    ("Tôn Thất", 0.7),
    ("Nguyễn Phước", 0.4),
)
_FAMILY_NAMES = tuple(name for name, _ in _FAMILY)
_FAMILY_CUM = tuple(accumulate(weight for _, weight in _FAMILY))

_MIDDLE_MALE: tuple[tuple[str, float], ...] = (
    ("Văn", 30.0),
    ("Đức", 8.0),
    ("Minh", 8.0),
    ("Quang", 6.0),
    ("Hữu", 6.0),
    ("Công", 5.0),
    ("Ngọc", 4.0),
    ("Thanh", 5.0),
    ("Xuân", 4.0),
    ("Quốc", 4.0),
    ("Trọng", 3.0),
    ("Đình", 4.0),
    ("Viết", 3.0),
    ("Anh", 3.0),
    ("Duy", 3.0),
    ("Bá", 2.0),
    ("Phước", 2.0),
    ("Hoàng", 2.0),
    ("Tấn", 2.0),
    ("Thành", 2.0),
)
_MIDDLE_FEMALE: tuple[tuple[str, float], ...] = (
    ("Thị", 40.0),
    ("Ngọc", 7.0),
    ("Thu", 6.0),
    ("Thanh", 5.0),
    ("Minh", 4.0),
    ("Hồng", 4.0),
    ("Phương", 3.0),
    ("Kim", 3.0),
    ("Mỹ", 3.0),
    ("Bảo", 2.0),
    ("Diệu", 2.0),
    ("Hoài", 2.0),
    ("Thùy", 3.0),
    ("Khánh", 2.0),
    ("Quỳnh", 2.0),
    ("Bích", 2.0),
)
_MALE_MIDDLES = tuple(name for name, _ in _MIDDLE_MALE)
_MALE_MIDDLE_CUM = tuple(accumulate(weight for _, weight in _MIDDLE_MALE))
_FEMALE_MIDDLES = tuple(name for name, _ in _MIDDLE_FEMALE)
_FEMALE_MIDDLE_CUM = tuple(accumulate(weight for _, weight in _MIDDLE_FEMALE))

_GIVEN_MALE = (
    "An", "Bình", "Cường", "Dũng", "Đạt", "Định", "Đông", "Đức", "Hải", "Hiếu", "Hòa", "Hoàng", "Hùng",
    "Huy", "Hưng", "Khoa", "Khánh", "Lâm", "Long", "Luân", "Lộc", "Minh", "Nam", "Nghĩa", "Nhân", "Phong",
    "Phúc", "Phương", "Quân", "Quang", "Quý", "Sang", "Sơn", "Tài", "Tâm", "Thắng", "Thành", "Thiện",
    "Thịnh", "Tiến", "Tín", "Toàn", "Trí", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ", "Hậu", "Hiển",
    "Kiên", "Lợi", "Nhật", "Phát", "Thông", "Chiến", "Bảo", "Duy", "Khải",
)  # fmt: skip
_GIVEN_FEMALE = (
    "Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng", "Hương", "Huyền", "Lan",
    "Liên", "Linh", "Loan", "Mai", "Ngân", "Ngọc", "Nhung", "Oanh", "Phương", "Quyên", "Tâm", "Thảo",
    "Thủy", "Trang", "Trâm", "Uyên", "Vân", "Yến", "Nhi", "My", "Thư", "Diệp", "Ly", "Nga", "Thanh",
    "Tuyết", "Xuân", "Hạ", "Lành", "Nguyệt", "Phượng", "Sương", "Thoa", "Trinh", "Vy", "Châu", "Hiếu",
)  # fmt: skip
_SECOND_MIDDLE_FEMALE = ("Thu", "Ngọc", "Minh", "Thanh", "Hồng", "Kim", "Bảo", "Diệu", "Mỹ", "Phương")


def person_name(rng: random.Random, gender: str | None = None) -> str:
    """A realistic full name, e.g. 'Nguyễn Văn Phương', 'Trần Thị Thu Hà', 'Tôn Nữ Minh Thư'.

    ``gender`` is ``"male"``, ``"female"`` or ``None`` (drawn 50/50).
    """
    if gender is None:
        gender = "male" if rng.random() < 0.5 else "female"
    family = rng.choices(_FAMILY_NAMES, cum_weights=_FAMILY_CUM)[0]
    if gender == "male":
        middle = rng.choices(_MALE_MIDDLES, cum_weights=_MALE_MIDDLE_CUM)[0]
        given = rng.choice(_GIVEN_MALE)
        if middle == given:
            middle = "Văn"
        return nfc(f"{family} {middle} {given}")
    if family == "Tôn Thất":
        family = "Tôn Nữ"
    middle = rng.choices(_FEMALE_MIDDLES, cum_weights=_FEMALE_MIDDLE_CUM)[0]
    given = rng.choice(_GIVEN_FEMALE)
    if middle == given:
        middle = "Thị"
    if family == "Tôn Nữ" and middle == "Thị":
        middle = rng.choice(_SECOND_MIDDLE_FEMALE)
    elif middle == "Thị" and rng.random() < 0.25:
        second = rng.choice(_SECOND_MIDDLE_FEMALE)
        if second != given:
            middle = f"Thị {second}"
    return nfc(f"{family} {middle} {given}")


def username_for(full_name: str, taken: set[str]) -> str:
    """The usual Vietnamese login: given name + initials of the other words, ASCII, lower case.

    'Nguyễn Văn An' → 'annv'; a clash gets a digit ('annv1', 'annv2'…). The result is added to
    ``taken`` so that successive calls with the same set keep producing unique names.
    """
    words = [w for w in ascii_fold(full_name).lower().split() if w.isalnum()]
    if not words:
        raise ValueError("full_name has no letters")
    base = words[-1] + "".join(w[0] for w in words[:-1])
    candidate = base
    counter = 0
    while candidate in taken:
        counter += 1
        candidate = f"{base}{counter}"
    taken.add(candidate)
    return candidate
