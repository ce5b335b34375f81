"""Phrase tables for subject lines: fields of work, documents referred to, projects, events…

Values may contain ``{slot}`` references that the subject engine fills recursively
(see ``edesk.demo.subjects``). Every phrase reads naturally after "công tác", "Kế hoạch" or "tình hình".
"""

TOPICS: tuple[str, ...] = (
    "chuyển đổi số", "cải cách hành chính", "giải ngân vốn đầu tư công",
    "phòng, chống thiên tai và tìm kiếm cứu nạn", "phòng, chống bão lụt", "ứng phó với mùa mưa bão",
    "bảo tồn và phát huy giá trị di sản Cố đô Huế", "tổ chức Festival Huế",
    "tuyển sinh vào lớp 10 trung học phổ thông", "tuyển sinh đầu cấp", "y tế dự phòng",
    "phòng, chống dịch sốt xuất huyết", "tiêm chủng mở rộng", "sắp xếp đơn vị hành chính cấp xã",
    "vận hành mô hình chính quyền địa phương hai cấp", "lập dự toán ngân sách nhà nước",
    "thu ngân sách nhà nước", "quyết toán ngân sách địa phương", "quản lý, sử dụng đất đai",
    "bồi thường, hỗ trợ, tái định cư và giải phóng mặt bằng", "bảo đảm an toàn thực phẩm",
    "xây dựng nông thôn mới", "triển khai Đề án 06", "cung cấp dịch vụ công trực tuyến toàn trình",
    "thi đua, khen thưởng", "quản lý công chức, viên chức", "tinh giản biên chế",
    "sắp xếp, xử lý tài sản công", "quản lý giá",
    "đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức", "tuyển dụng viên chức ngành giáo dục",
    "đào tạo, bồi dưỡng cán bộ, công chức", "phòng cháy, chữa cháy và cứu nạn, cứu hộ",
    "bảo đảm trật tự, an toàn giao thông", "quản lý trật tự xây dựng đô thị", "chỉnh trang đô thị",
    "phát triển nhà ở xã hội", "cấp giấy chứng nhận quyền sử dụng đất", "giảm nghèo bền vững",
    "chăm lo Tết Nguyên đán cho các đối tượng chính sách", "chăm sóc người có công với cách mạng",
    "chi trả trợ cấp xã hội hằng tháng", "phát triển du lịch", "xúc tiến đầu tư",
    "hỗ trợ doanh nghiệp nhỏ và vừa", "cải thiện Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)",
    "phòng, chống tham nhũng, tiêu cực", "thực hành tiết kiệm, chống lãng phí",
    "tiếp công dân, giải quyết khiếu nại, tố cáo", "phổ biến, giáo dục pháp luật",
    "kiểm tra, rà soát văn bản quy phạm pháp luật", "theo dõi thi hành pháp luật", "đăng ký, quản lý hộ tịch",
    "bảo vệ môi trường", "thu gom, xử lý chất thải rắn sinh hoạt", "quản lý tài nguyên nước",
    "phòng cháy, chữa cháy rừng", "trồng rừng và phát triển rừng bền vững",
    "phòng, chống dịch bệnh trên gia súc, gia cầm", "sản xuất nông nghiệp vụ Đông Xuân",
    "sản xuất nông nghiệp vụ Hè Thu", "phát triển kinh tế tập thể, hợp tác xã", "phát triển sản phẩm OCOP",
    "quản lý, khai thác công trình thủy lợi", "bảo đảm an toàn hồ, đập", "bảo đảm cung ứng điện",
    "chống buôn lậu, gian lận thương mại và hàng giả", "bình ổn giá các mặt hàng thiết yếu",
    "phát triển thương mại điện tử", "ứng dụng trí tuệ nhân tạo trong cơ quan nhà nước",
    "bảo đảm an toàn thông tin mạng", "xây dựng đô thị thông minh",
    "số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "sử dụng chữ ký số trong hoạt động công vụ",
    "văn thư, lưu trữ", "chỉnh lý tài liệu lưu trữ tồn đọng",
    "phát triển khoa học, công nghệ và đổi mới sáng tạo", "hỗ trợ khởi nghiệp đổi mới sáng tạo",
    "kiểm soát thủ tục hành chính", "thực hiện cơ chế một cửa, một cửa liên thông",
    "quản lý nhà nước về tín ngưỡng, tôn giáo", "bảo đảm an sinh xã hội",
    "giải quyết việc làm và đào tạo nghề", "phát triển người tham gia bảo hiểm xã hội, bảo hiểm y tế",
    "chăm sóc sức khỏe ban đầu", "khám bệnh, chữa bệnh bảo hiểm y tế", "bảo đảm thuốc, vật tư y tế",
    "phòng, chống HIV/AIDS", "phổ cập giáo dục, xóa mù chữ", "tổ chức Kỳ thi tốt nghiệp trung học phổ thông",
    "xây dựng trường học đạt chuẩn quốc gia", "dạy và học ngoại ngữ trong trường phổ thông",
    "phát triển văn hóa đọc", "xây dựng đời sống văn hóa ở cơ sở", "tu bổ, phục hồi di tích Kinh thành Huế",
    "bảo tồn nghệ thuật Nhã nhạc cung đình Huế", "quản lý và tổ chức lễ hội",
    "phát triển phong trào thể dục thể thao quần chúng", "quảng bá, xúc tiến du lịch Huế",
    "phát triển kinh tế đêm", "quản lý quy hoạch, kiến trúc đô thị",
    "đầu tư xây dựng kết cấu hạ tầng giao thông", "quản lý, bảo trì đường bộ", "chống ngập úng đô thị",
    "cấp nước sạch nông thôn", "quản lý chiếu sáng công cộng và cây xanh đô thị", "phòng, chống ma túy",
    "bảo đảm an ninh, trật tự", "tuyển chọn và gọi công dân nhập ngũ", "quốc phòng, quân sự địa phương",
    "bình đẳng giới và vì sự tiến bộ của phụ nữ", "bảo vệ, chăm sóc trẻ em", "phòng, chống đuối nước trẻ em",
    "thực hiện chế độ báo cáo thống kê", "kiểm kê đất đai", "xây dựng bảng giá đất", "quản lý khoáng sản",
    "ứng phó với biến đổi khí hậu", "phát triển kinh tế biển",
    "chống khai thác hải sản bất hợp pháp, không báo cáo và không theo quy định (IUU)",
    "phát triển kinh tế tư nhân", "hội nhập quốc tế", "vận động, tiếp nhận viện trợ phi chính phủ nước ngoài",
    "thực hiện dân chủ ở cơ sở", "quản lý biên chế", "xây dựng vị trí việc làm",
    "nâng bậc lương đối với cán bộ, công chức, viên chức",
    "giải quyết chế độ, chính sách theo Nghị định số 178/2024/NĐ-CP",
)  # fmt: skip

# Kinds of planning documents approved, drafted or commented on.
PLAN_DOCS = (
    "Kế hoạch",
    "Kế hoạch",
    "Đề án",
    "Phương án",
    "Chương trình",
    "Kế hoạch thực hiện",
    "Dự toán kinh phí",
)

# Time-free government and Party resolutions that plans and reports implement.
RESOLUTIONS: tuple[str, ...] = (
    "Nghị quyết số 57-NQ/TW của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, "
    "đổi mới sáng tạo và chuyển đổi số quốc gia",
    "Nghị quyết số 66-NQ/TW của Bộ Chính trị về đổi mới công tác xây dựng và thi hành pháp luật",
    "Nghị quyết số 68-NQ/TW của Bộ Chính trị về phát triển kinh tế tư nhân",
    "Nghị quyết số 59-NQ/TW của Bộ Chính trị về hội nhập quốc tế trong tình hình mới",
    "Nghị quyết số 18-NQ/TW của Ban Chấp hành Trung ương về tiếp tục đổi mới, sắp xếp tổ chức bộ máy",
    "Nghị quyết số 175/2024/QH15 của Quốc hội về việc thành lập thành phố Huế trực thuộc trung ương",
    "Quyết định số 06/QĐ-TTg của Thủ tướng Chính phủ phê duyệt Đề án 06",
    *(("{ref}",) * 21),
)

# References to incoming documents: "{ref}" expands to one of these.
REFS: tuple[str, ...] = (
    "{cv_ministry}",
    "Công văn số {n}/VPCP-{vpcp_unit} ngày {date} của Văn phòng Chính phủ",
    "Quyết định số {n}/QĐ-TTg ngày {date} của Thủ tướng Chính phủ",
    "Chỉ thị số {n2}/CT-TTg ngày {date} của Thủ tướng Chính phủ",
    "Công điện số {n2}/CĐ-TTg ngày {date} của Thủ tướng Chính phủ",
    "Nghị quyết số {n}/NQ-CP ngày {date} của Chính phủ",
    "Nghị định số {n}/{y}/NĐ-CP ngày {date} của Chính phủ",
    "{tt_ministry}",
    "Thông báo số {n}/TB-VPCP ngày {date} của Văn phòng Chính phủ",
    "Kế hoạch số {n}/KH-UBND ngày {date} của UBND thành phố",
    "Chỉ thị số {n2}/CT-UBND ngày {date} của Chủ tịch UBND thành phố",
    "Quyết định số {n}/QĐ-UBND ngày {date} của UBND thành phố",
    "Nghị quyết số {n2}/NQ-HĐND ngày {date} của HĐND thành phố",
    "Kết luận số {n}-KL/TU ngày {date} của Ban Thường vụ Thành ủy",
)
MINISTRIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Bộ Nội vụ", "BNV", ("CCVC", "TCBM", "CQĐP", "VP")),
    ("Bộ Tài chính", "BTC", ("NSNN", "QLCS", "ĐT", "HCSN")),
    ("Bộ Khoa học và Công nghệ", "BKHCN", ("CĐSQG", "ATTT", "VP")),
    ("Bộ Xây dựng", "BXD", ("QLN", "KTQH", "HTKT")),
    ("Bộ Y tế", "BYT", ("DP", "KCB", "QLD")),
    ("Bộ Giáo dục và Đào tạo", "BGDĐT", ("GDPT", "QLCL", "NGCBQLGD")),
    ("Bộ Nông nghiệp và Môi trường", "BNNMT", ("QLĐĐ", "MT", "ĐĐ")),
    ("Bộ Văn hóa, Thể thao và Du lịch", "BVHTTDL", ("DSVH", "VP")),
    ("Bộ Tư pháp", "BTP", ("KTVB", "PBGDPL", "HTQTCT")),
    ("Bộ Công Thương", "BCT", ("ĐL", "TTTN", "CN")),
)
VPCP_UNITS = ("KSTT", "KTTH", "NC", "CN", "NN", "KGVX", "QHĐP", "TKBT", "ĐMDN")

DRAFTS: tuple[str, ...] = (
    "{plan_doc} {topic} {plan_time}",
    "{plan_doc} {topic} {plan_time} {scope}",
    "{plan_doc} {topic} {plan_time} của {org}",
    "Nghị quyết của HĐND thành phố quy định {policy}",
    "Quyết định của UBND thành phố ban hành Quy chế {regulation}",
    "Quyết định của UBND thành phố quy định {rule}",
    "Nghị định của Chính phủ quy định chi tiết một số điều của Luật {law} do {ministry_name} chủ trì soạn "
    "thảo",
    "Thông tư hướng dẫn {guide}",
    "Báo cáo {report_kind} {topic} {time}",
)
LAWS = (
    "Đất đai", "Quy hoạch đô thị và nông thôn", "Di sản văn hóa", "Phòng cháy, chữa cháy và cứu nạn, cứu hộ",
    "Tổ chức chính quyền địa phương", "Cán bộ, công chức", "Ngân sách nhà nước", "Đầu tư công", "Dữ liệu",
    "Giao dịch điện tử", "Thanh tra", "Khoa học, công nghệ và đổi mới sáng tạo", "Nhà ở", "Giáo dục",
    "Tư pháp người chưa thành niên",
)  # fmt: skip
REPORT_KINDS = ("tổng kết", "sơ kết", "đánh giá kết quả", "tình hình thực hiện")
POLICIES: tuple[str, ...] = (
    "mức thu, chế độ thu, nộp, quản lý và sử dụng phí tham quan {monument}",
    "chính sách hỗ trợ phát triển sản xuất nông nghiệp {plan_time}",
    "mức chi bảo đảm cho công tác {topic} {plan_time}",
    "chính sách thu hút, đãi ngộ nguồn nhân lực chất lượng cao trong lĩnh vực {field} {plan_time}",
    "mức phụ cấp đối với người hoạt động không chuyên trách ở thôn, tổ dân phố {plan_time}",
    "danh mục công trình, dự án cần thu hồi đất năm {y1} trên địa bàn {ward}",
    "bảng giá đất áp dụng trên địa bàn {ward} từ ngày 01/01/{y1}",
    "mức hỗ trợ học phí đối với trẻ em mầm non và học sinh phổ thông năm học {y}–{y1}",
    "nội dung, mức chi thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới {plan_time}",
    "chính sách hỗ trợ người dân khi Nhà nước thu hồi đất để thực hiện dự án {project}",
    "mức chi hỗ trợ cho lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở {plan_time}",
    "mức hỗ trợ đóng bảo hiểm y tế cho người thuộc hộ gia đình cận nghèo {plan_time}",
    "phân cấp nguồn thu, nhiệm vụ chi giữa ngân sách thành phố và ngân sách cấp xã {plan_time}",
    "định mức phân bổ dự toán chi thường xuyên ngân sách địa phương năm {y1}",
    "chính sách hỗ trợ bảo tồn, phát huy giá trị nhà rường truyền thống tại {ward}",
    "mức thu phí, lệ phí trong lĩnh vực {field} {plan_time}",
)
REGULATIONS: tuple[str, ...] = (
    "làm việc của {org}",
    "quản lý, vận hành và khai thác Hệ thống quản lý văn bản và điều hành của {org}",
    "phối hợp giữa {dept} và {dept2} trong công tác {topic}",
    "tổ chức và hoạt động của {body} {topic}",
    "chi tiêu nội bộ của {org} năm {y}",
    "văn hóa công sở tại {org}",
    "tiếp công dân của {org}",
    "bảo đảm an toàn thông tin mạng trong hoạt động của {org}",
    "quản lý, sử dụng chữ ký số chuyên dùng công vụ tại {org}",
    "thi đua, khen thưởng của {org}",
    "quản lý tài sản công tại {org}",
    "công tác văn thư, lưu trữ của {org}",
)
RULES: tuple[str, ...] = (
    "chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của {dept}",
    "phân cấp quản lý {asset} trên địa bàn thành phố Huế",
    "tiêu chuẩn, điều kiện bổ nhiệm chức danh lãnh đạo, quản lý các phòng thuộc {dept}",
    "quy trình nội bộ giải quyết thủ tục hành chính trong lĩnh vực {field} thuộc thẩm quyền của {org}",
    "trách nhiệm của người đứng đầu trong công tác {topic}",
    "đơn giá bồi thường nhà, công trình xây dựng khi Nhà nước thu hồi đất {plan_time}",
    "quản lý hoạt động kinh doanh dịch vụ du lịch trên sông {river}",
    "quản lý, vận hành {asset} tại {ward}",
)
ASSETS = (
    "tài sản công", "đường đô thị", "công trình thủy lợi", "hệ thống chiếu sáng công cộng",
    "nghĩa trang nhân dân", "nhà, đất là tài sản công", "cây xanh đô thị", "chợ",
)  # fmt: skip
GUIDES = (
    "đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức năm {y} {guide_for}",
    "lập dự toán ngân sách nhà nước năm {y1} {guide_for}",
    "quyết toán kinh phí {topic} năm {y}",
    "thực hiện chế độ báo cáo công tác {topic} {guide_for}",
    "tổ chức Kỳ thi tốt nghiệp trung học phổ thông năm {y} {guide_for}",
    "chuyển xếp lương đối với cán bộ, công chức cấp xã sau sắp xếp {guide_for}",
    "thu thập, cập nhật dữ liệu {database} {guide_for}",
    "triển khai nhiệm vụ năm học {y}–{y1} {guide_for}",
    "thực hiện quy trình giải quyết thủ tục hành chính trong lĩnh vực {field} {guide_for}",
)
GUIDE_FOR = (
    "cho các cơ quan, đơn vị thuộc {org}",
    "cho {org}",
    "cho UBND {ward}",
    "cho các đơn vị sự nghiệp công lập thuộc {dept}",
    "trên địa bàn {ward}",
)
DATABASES = (
    "cơ sở dữ liệu quốc gia về cán bộ, công chức, viên chức", "cơ sở dữ liệu đất đai",
    "cơ sở dữ liệu hộ tịch điện tử", "cơ sở dữ liệu ngành giáo dục", "cơ sở dữ liệu an sinh xã hội",
    "cơ sở dữ liệu quốc gia về dân cư",
)  # fmt: skip
FIELDS = (
    "đất đai", "xây dựng", "hộ tịch", "giáo dục và đào tạo", "khám bệnh, chữa bệnh", "văn hóa", "việc làm",
    "bảo trợ xã hội", "quản lý công sản", "đầu tư tại Việt Nam", "môi trường", "tài nguyên nước", "đường bộ",
    "lưu thông hàng hóa trong nước", "lữ hành", "hoạt động khoa học và công nghệ", "công chức, viên chức",
    "chứng thực", "người có công", "thi đua, khen thưởng", "tín ngưỡng, tôn giáo", "thủy sản", "lâm nghiệp",
    "trồng trọt", "chăn nuôi", "thú y", "an toàn thực phẩm", "phòng cháy, chữa cháy", "nhà ở",
    "quy hoạch xây dựng",
)  # fmt: skip
TTHC_KINDS = ("mới ban hành", "được sửa đổi, bổ sung", "bị bãi bỏ", "nội bộ")
QUOTAS = (
    "biên chế công chức trong các cơ quan, tổ chức hành chính",
    "số lượng người làm việc trong các đơn vị sự nghiệp công lập",
    "tuyển sinh vào lớp 10 các trường trung học phổ thông công lập năm học {y}–{y1}",
    "kế hoạch đầu tư công nguồn ngân sách địa phương",
    "phát triển kinh tế – xã hội và dự toán ngân sách nhà nước",
    "thu ngân sách nhà nước đối với các phường, xã",
    "phát triển người tham gia bảo hiểm y tế",
    "tuyển chọn và gọi công dân nhập ngũ",
    "trồng rừng tập trung",
)
BUDGETS = (
    "thu, chi ngân sách nhà nước", "chi thường xuyên", "kinh phí thực hiện nhiệm vụ {topic}",
    "kinh phí không thực hiện tự chủ", "vốn sự nghiệp thực hiện các chương trình mục tiêu quốc gia",
)  # fmt: skip
BODIES = (
    "Ban Chỉ đạo", "Tổ công tác", "Hội đồng thẩm định", "Đoàn kiểm tra liên ngành", "Tổ giúp việc",
    "Hội đồng", "Tổ công tác liên ngành",
)  # fmt: skip
WHO = (
    "các tập thể, cá nhân", "tập thể và cá nhân thuộc {dept}", "các tập thể, cá nhân thuộc UBND {ward}",
    "{mr}, {staff},", "các hộ gia đình", "các doanh nghiệp",
)  # fmt: skip
PROJECTS = (
    "Đường nối từ đường {namesake} đến đường {namesake}", "Cầu {place} bắc qua sông {river}",
    "Chỉnh trang, nâng cấp hạ tầng khu dân cư {place}", "Tu bổ, phục hồi di tích {monument}",
    "Trường Tiểu học {place} (giai đoạn 2)", "Trung tâm Y tế khu vực {place}",
    "Hạ tầng kỹ thuật Khu tái định cư {place}", "Nâng cấp hệ thống thoát nước khu vực {place}",
    "Kè chống sạt lở bờ sông {river} đoạn qua {ward}", "Xây dựng Trung tâm dữ liệu thành phố Huế",
    "Nâng cấp, mở rộng đường {namesake} đoạn qua {ward}", "Trường THCS {namesake}",
    "Nhà văn hóa tổ dân phố {k} {ward}", "Khu đô thị mới {place}", "Nhà ở xã hội tại khu vực {place}, {ward}",
    "Đường ven biển đoạn từ {ward} đến {ward}", "Hồ chứa nước {place}",
    "Sửa chữa, nâng cấp trụ sở làm việc UBND {ward}",
)  # fmt: skip
MONUMENTS = (
    "Điện Kiến Trung", "Cung Diên Thọ", "Lăng vua Gia Long", "Lăng vua Minh Mạng", "Lăng vua Tự Đức",
    "Lăng vua Khải Định", "Lăng vua Đồng Khánh", "Đàn Nam Giao", "Hổ Quyền", "Văn Miếu Huế", "Cửa Hiển Nhơn",
    "Cung An Định", "Kỳ Đài", "Cửa Ngọ Môn", "Điện Long An", "Trường Lang", "Hộ Thành Hào",
)  # fmt: skip
RIVERS = ("Hương", "Bồ", "Ô Lâu", "Truồi", "Tả Trạch", "Hữu Trạch", "Như Ý", "An Cựu", "Đông Ba")
EVENTS = (
    "Festival Huế {y}", "Lễ hội Áo dài Huế {y}", "Tuần lễ Festival Nghề truyền thống Huế {y}",
    "Ngày hội Văn hóa đọc {y}", "các hoạt động kỷ niệm {anniversary}",
    "Đại hội Thể dục thể thao thành phố Huế", "Hội thi Tin học trẻ {y}",
    "Giải Việt dã Báo Huế mở rộng năm {y}", "Tháng hành động vì an toàn thực phẩm năm {y}",
    "Ngày Chuyển đổi số quốc gia năm {y}", "Ngày Pháp luật Việt Nam năm {y}",
    "Tết Trồng cây đời đời nhớ ơn Bác Hồ Xuân {lunar}", "Chương trình Đêm Hoàng cung",
    "Tuần lễ Quốc gia phòng, chống thiên tai năm {y}", "Lễ tế Nam Giao", "Tháng Thanh niên năm {y}",
    "Ngày hội Đại đoàn kết toàn dân tộc ở khu dân cư năm {y}",
    "Lễ hội Đua ghe truyền thống trên sông {river}", "Hội chợ Thương mại – Du lịch Huế năm {y}",
    "Tuần Văn hóa – Du lịch {place} năm {y}",
)  # fmt: skip
ANNIVERSARIES = (
    "Ngày Thương binh – Liệt sĩ 27/7", "Quốc khánh 2/9", "Ngày Giải phóng thành phố Huế 26/3",
    "Ngày thành lập Đảng Cộng sản Việt Nam 3/2", "Ngày Nhà giáo Việt Nam 20/11",
    "Ngày Thầy thuốc Việt Nam 27/2", "Ngày Thành lập Quân đội nhân dân Việt Nam 22/12",
    "Ngày Quốc tế Phụ nữ 8/3",
)  # fmt: skip
STORMS = (
    "bão số {k}", "áp thấp nhiệt đới trên Biển Đông", "mưa lớn, lũ quét và sạt lở đất",
    "đợt mưa lớn và lũ trên các sông", "đợt rét đậm, rét hại", "nắng nóng gay gắt, nguy cơ cháy rừng cao",
    "triều cường và nước dâng do bão",
)  # fmt: skip
COURSES = (
    "lớp bồi dưỡng kiến thức quản lý nhà nước ngạch chuyên viên chính", "lớp bồi dưỡng kỹ năng chuyển đổi số",
    "Hội nghị tập huấn nghiệp vụ văn thư, lưu trữ", "lớp bồi dưỡng lãnh đạo, quản lý cấp phòng",
    "Hội nghị tập huấn công tác {topic}", "lớp bồi dưỡng kỹ năng ứng dụng trí tuệ nhân tạo",
    "lớp bồi dưỡng nghiệp vụ công tác tiếp công dân", "khóa đào tạo về an toàn thông tin mạng",
    "lớp tập huấn chuyên sâu về công tác {topic}", "Hội nghị trực tuyến phổ biến {ref}",
)  # fmt: skip
CITIZENS = (
    "{mr} (trú tại {ward})",
    "cử tri {ward}",
    "Công ty TNHH {company}",
    "Công ty Cổ phần {company}",
    "Hợp tác xã {place}",
)
COMPANIES = (
    "Xây dựng {place}", "Du lịch Hương Giang", "Thương mại và Dịch vụ {place}", "Đầu tư Phát triển {place}",
    "Tư vấn thiết kế {place}", "Công nghệ {place}", "Vận tải {place}", "Môi trường Xanh {place}",
)  # fmt: skip
ISSUES = (
    "việc cấp Giấy chứng nhận quyền sử dụng đất", "bồi thường, hỗ trợ khi Nhà nước thu hồi đất",
    "tình trạng ô nhiễm môi trường tại khu dân cư", "việc lấn chiếm hành lang an toàn giao thông",
    "việc chậm giải quyết hồ sơ thủ tục hành chính", "tình trạng ngập úng cục bộ khi mưa lớn",
    "việc điều chỉnh quy hoạch chi tiết khu dân cư", "chế độ chính sách đối với người có công",
    "tình trạng sạt lở bờ sông", "việc cấp phép xây dựng nhà ở riêng lẻ", "việc chuyển mục đích sử dụng đất",
    "tiền thuê đất của dự án", "việc hoàn thuế giá trị gia tăng",
)  # fmt: skip
PARTNERS = (
    "Đại học Huế", "Tập đoàn Bưu chính Viễn thông Việt Nam (VNPT)",
    "Tập đoàn Công nghiệp – Viễn thông Quân đội (Viettel)", "thành phố Kyoto (Nhật Bản)",
    "tỉnh Gyeongju (Hàn Quốc)", "Cơ quan Hợp tác quốc tế Nhật Bản (JICA)",
    "Tổ chức Giáo dục, Khoa học và Văn hóa Liên hợp quốc (UNESCO)", "Ngân hàng TMCP Ngoại thương Việt Nam",
    "Quỹ Nhi đồng Liên hợp quốc (UNICEF)", "Trường Viễn Đông Bác cổ Pháp (EFEO)",
)  # fmt: skip
SERVICES = (
    "thuê đường truyền Internet", "bảo trì Hệ thống quản lý văn bản và điều hành", "vệ sinh trụ sở làm việc",
    "bảo vệ trụ sở cơ quan", "thuê dịch vụ công nghệ thông tin nền tảng họp trực tuyến", "in ấn tài liệu",
    "số hóa tài liệu lưu trữ", "chứng thư số và thiết bị ký số", "thuê máy chủ và lưu trữ dữ liệu",
    "bảo dưỡng hệ thống điều hòa không khí", "cung cấp văn phòng phẩm",
)  # fmt: skip
MEETINGS = (
    "tình hình {topic} {time}", "{plan_doc} {topic} {plan_time}", "phương án {topic} {time}",
    "tiến độ thực hiện dự án {project}", "kết quả rà soát công tác {topic}",
    "việc giải quyết kiến nghị của {citizen}", "dự thảo {draft}", "kết quả thực hiện {resolution}",
)  # fmt: skip
RECOGNITIONS = (
    "xã {commune} đạt chuẩn nông thôn mới nâng cao năm {y}",
    "Trường {school} đạt chuẩn quốc gia mức độ {k2}",
    "sáng kiến cấp thành phố đợt {k3} năm {y}",
    "danh hiệu Gia đình văn hóa tiêu biểu năm {y} tại {ward}",
    "Tổ dân phố {k} {ward} đạt danh hiệu Tổ dân phố văn hóa năm {y}",
    "sản phẩm OCOP đạt 3 sao, 4 sao đợt {k3} năm {y}",
    "danh hiệu Chiến sĩ thi đua cơ sở năm {y} cho các cá nhân thuộc {org}",
)
SCHOOLS = ("Mầm non {place}", "Tiểu học {place}", "THCS {namesake}", "Tiểu học {namesake}", "THPT {namesake}")
FIXES = (
    "việc chậm trễ trong giải quyết hồ sơ thủ tục hành chính", "công tác văn thư, lưu trữ",
    "việc thực hiện chế độ báo cáo", "kỷ luật, kỷ cương hành chính", "việc sử dụng xe công",
    "việc chậm thực hiện các nhiệm vụ được UBND thành phố giao", "việc quản lý, sử dụng tài sản công",
)  # fmt: skip
FIX_WHERE = ("tại {org}", "trong các cơ quan, đơn vị {time}", "{time}", "tại UBND {ward}", "của {org} {time}")
STORM_WHEN = (
    "trong những ngày tới", "từ ngày {date}", "trên địa bàn {ward}", "từ đêm {date}",
    "trong các ngày từ {date}", "tại {ward} và các địa phương ven biển",
    "theo Công điện số {n2}/CĐ-TTg ngày {date} của Thủ tướng Chính phủ", "và mưa lớn trên địa bàn {ward}",
)  # fmt: skip
ADDRESSES = (
    "tổ dân phố {k}, {ward}",
    "thôn {place}, {ward}",
    "đường {namesake}, {ward}",
    "khu dân cư {place}, {ward}",
)
VENUES = (
    "Quảng trường Ngọ Môn", "Nhà Văn hóa Trung tâm thành phố", "Trung tâm Văn hóa – Điện ảnh thành phố",
    "Hội trường UBND {ward}", "Cung An Định", "Công viên Thương Bạc", "Trường Đại học Sư phạm, Đại học Huế",
)  # fmt: skip
OF_ORG = ("", "", "của {org}", "của {org}", "của {org}")
TRAINEES = (
    "cán bộ, công chức", "viên chức", "cán bộ, công chức cấp xã", "viên chức ngành giáo dục",
    "viên chức ngành y tế", "người hoạt động không chuyên trách ở cấp xã",
)  # fmt: skip
OCCASIONS = (
    "năm mới {y}", "Xuân {lunar}", "ngày Nhà giáo Việt Nam 20/11", "Quốc khánh 2/9",
    "ngày Thầy thuốc Việt Nam 27/2", "Ngày Báo chí cách mạng Việt Nam 21/6", "Tết Nguyên đán {lunar}",
)  # fmt: skip
EXAMS = (
    "tuyển dụng viên chức giáo dục", "nâng ngạch công chức từ chuyên viên lên chuyên viên chính",
    "thăng hạng chức danh nghề nghiệp viên chức y tế", "tuyển dụng công chức cấp xã",
    "tuyển sinh vào lớp 10 chuyên",
)  # fmt: skip
VP_UNIT_NAMES = (
    "Phòng Tổng hợp", "Phòng Kinh tế", "Phòng Văn xã", "Phòng Nội chính", "Ban Tiếp công dân",
    "Phòng Hành chính – Tổ chức",
)  # fmt: skip
THANKS_TO = (
    "cán bộ, đảng viên và Nhân dân thành phố Huế", "các nhà giáo, cán bộ quản lý giáo dục",
    "đội ngũ y, bác sĩ", "{org}", "{partner}", "bà con Việt kiều quê hương Thừa Thiên Huế",
    "các doanh nghiệp trên địa bàn thành phố",
)  # fmt: skip
