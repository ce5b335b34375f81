"""Place names: Huế's 40 commune-level units since 1 July 2025, and words for generated names."""

# The 21 phường and 19 xã of Huế city after the 2025 reorganisation (two-tier local government).
HUE_WARDS: tuple[str, ...] = (
    "An Cựu", "Dương Nỗ", "Hóa Châu", "Hương An", "Hương Thủy", "Hương Trà", "Kim Long", "Kim Trà",
    "Mỹ Thượng", "Phong Điền", "Phong Dinh", "Phong Phú", "Phong Quảng", "Phong Thái", "Phú Bài",
    "Phú Xuân", "Thanh Thủy", "Thuận An", "Thuận Hóa", "Thủy Xuân", "Vỹ Dạ",
)  # fmt: skip
HUE_COMMUNES: tuple[str, ...] = (
    "A Lưới 1", "A Lưới 2", "A Lưới 3", "A Lưới 4", "A Lưới 5", "Bình Điền", "Chân Mây - Lăng Cô",
    "Đan Điền", "Hưng Lộc", "Khe Tre", "Lộc An", "Long Quảng", "Nam Đông", "Phú Hồ", "Phú Lộc",
    "Phú Vang", "Phú Vinh", "Quảng Điền", "Vinh Lộc",
)  # fmt: skip

# Syllables that make up Vietnamese place names; two of them make a plausible ward or commune.
PLACE_WORDS: tuple[str, ...] = (
    "An", "Ân", "Bắc", "Bảo", "Bình", "Cẩm", "Cát", "Châu", "Chánh", "Đại", "Điền", "Định", "Đông",
    "Đồng", "Đức", "Gia", "Giang", "Hà", "Hải", "Hạnh", "Hậu", "Hiệp", "Hiếu", "Hòa", "Hoài", "Hoàng",
    "Hồng", "Hợp", "Hưng", "Hương", "Hữu", "Khánh", "Kim", "Lạc", "Lâm", "Lập", "Liên", "Linh", "Lộc",
    "Long", "Lợi", "Lương", "Mai", "Minh", "Mỹ", "Nam", "Nghĩa", "Ngọc", "Nhân", "Nhơn", "Nhuận", "Ninh",
    "Phong", "Phú", "Phúc", "Phước", "Phương", "Quang", "Quảng", "Quế", "Quý", "Sơn", "Tài", "Tam",
    "Tân", "Tây", "Thạch", "Thái", "Thắng", "Thanh", "Thạnh", "Thành", "Thiện", "Thịnh", "Thọ", "Thới",
    "Thuận", "Thượng", "Thủy", "Tiên", "Tiến", "Tín", "Toàn", "Trà", "Trạch", "Trung", "Trường", "Tú",
    "Tuy", "Vạn", "Văn", "Vân", "Việt", "Vinh", "Vĩnh", "Xuân", "Yên", "Ái", "Cao",
    "Chi", "Diên", "Dương", "Giao", "Hội", "Kiến", "Lai", "Lãng", "Lệ", "Mậu", "Mộc",
    "Phổ", "Quan", "Sa", "Song", "Tăng", "Thiêm", "Tịnh",
    "Triều", "Trinh", "Tường", "Uyên", "Vọng", "Cửu", "Đạo", "Hiền", "Khương",
    "Lưu", "Mẫn", "Nhật", "Quới", "Sĩ", "Thông", "Trí", "Tuyên", "Vĩ", "Bồng", "Chương", "Hàm", "Lang",
    "Bửu", "Cảnh", "Diễn", "Dinh", "Khê", "Lam", "Lễ", "Niên", "Phò", "Quỳnh", "Tùng", "Hạ",
)  # fmt: skip

# People whose names Vietnamese schools, streets and wards commonly carry.
NAMESAKES: tuple[str, ...] = (
    "Nguyễn Du", "Nguyễn Trãi", "Lê Lợi", "Trần Hưng Đạo", "Lý Thường Kiệt", "Quang Trung",
    "Chu Văn An", "Nguyễn Chí Thanh", "Hai Bà Trưng", "Nguyễn Tri Phương", "Phan Bội Châu",
    "Phan Chu Trinh", "Huỳnh Thúc Kháng", "Nguyễn Văn Trỗi", "Võ Thị Sáu", "Lê Quý Đôn", "Tô Hoài",
    "Nguyễn Đình Chiểu", "Ngô Quyền", "Đinh Tiên Hoàng", "Lê Hồng Phong", "Trần Phú", "Hàm Nghi",
    "Duy Tân", "Thành Thái", "Tố Hữu", "Nguyễn Khoa Chiêm", "Đặng Trần Côn", "Hùng Vương",
    "Bùi Thị Xuân", "Nguyễn Hiền", "Lương Thế Vinh", "Trưng Vương", "Kim Đồng", "Lê Văn Tám",
    "Nguyễn Bỉnh Khiêm", "Mạc Đĩnh Chi", "Tôn Đức Thắng", "Phạm Văn Đồng", "Võ Nguyên Giáp",
    "Hoàng Hoa Thám", "Trương Định", "Nguyễn Thái Học", "Cao Bá Quát", "Đào Duy Từ", "Nguyễn Huệ",
)  # fmt: skip
