#!/usr/bin/env python3
"""End to end, in a real browser: the panel workspace (`yrdq serve`) on loopback.

The chair signs in with the one-time link, creates an evaluation from the profile form, adds five
experts (each link shown with its QR code); each expert opens their link, fills every criterion
through the form (autosave running) and submits; the chair settles the panel, downloads the
provincial report PDF and issues the certificate; the certificate's QR code is decoded and
verified with `yrdq certificate verify`. Debian's chromium and chromium-driver through Selenium,
with the driver's path given (Selenium Manager never downloads anything).

Usage: workspace-e2e.py YRDQ_BINARY [SCREENSHOT_DIR]
"""
import http.cookiejar, os, re, shutil, socket, subprocess, sys, tempfile, time, urllib.parse, urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait
from selenium.common.exceptions import TimeoutException

DRIVER = "/usr/bin/chromedriver"
yrdq = os.path.abspath(sys.argv[1])
shots = sys.argv[2] if len(sys.argv) > 2 else None
passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAILED: " + what, file=sys.stderr)


def browser():
    o = webdriver.ChromeOptions()
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--lang=zh-CN", "--window-size=1366,900"]:
        o.add_argument(a)
    return webdriver.Chrome(service=Service(executable_path=DRIVER), options=o)


def navigate(d, act):
    """Runs `act` (a submit or a click) and waits until the next page has replaced this one."""
    old = d.find_element(By.TAG_NAME, "html")
    act()
    WebDriverWait(d, 60).until(EC.staleness_of(old))
    WebDriverWait(d, 60).until(lambda x: x.execute_script("return document.readyState") == "complete")


def waited(d, condition, what, seconds=20):
    """Waits until `condition` holds; a check that fails (instead of an exception) on a timeout."""
    try:
        WebDriverWait(d, seconds).until(condition)
        check(True, what)
    except TimeoutException:
        check(False, what)


def shot(d, name):
    if shots:
        os.makedirs(shots, exist_ok=True)
        d.save_screenshot(os.path.join(shots, name + ".png"))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def request(base, path, session, data=None):
    """A request as the chair's browser would send it (cookie, Origin); bytes and content type."""
    req = urllib.request.Request(base + path, data=urllib.parse.urlencode(data).encode() if data is not None else None)
    req.add_header("Cookie", "yrdq_session=" + session)
    if data is not None:
        req.add_header("Origin", base)
    with urllib.request.urlopen(req, timeout=120) as r:
        return r.read(), r.headers.get("Content-Type", "")


def main():
    tmp = tempfile.mkdtemp(prefix="yrdq-e2e-")
    server = None
    chair = experts = None
    try:
        subprocess.run([yrdq, "keygen", "--out", tmp + "/keys"], check=True, capture_output=True)
        port = free_port()
        base = "http://127.0.0.1:%d" % port
        server = subprocess.Popen([yrdq, "serve", "--data", tmp + "/data", "--port", str(port),
                                   "--key", tmp + "/keys/yrdq-signing-key.pem", "--registry", tmp + "/register.sqlite"],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        link = re.search(r"http://\S+/c/[A-Za-z0-9_-]{43}", server.stdout.readline()).group(0)
        server.stdout.readline()
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)

        chair = browser()
        chair.get(link)
        shot(chair, "01-chair-signin")
        navigate(chair, chair.find_element(By.CSS_SELECTOR, "button.primary").click)
        check(chair.current_url.endswith("/chair"), "chair signed in")
        shot(chair, "02-chair-dashboard")
        form = chair.find_element(By.XPATH, "//input[@name='mode' and @value='form']/ancestor::form")
        for name, value in [("name", "嘉禾市新能源汽车零部件产业质量提升示范试点"), ("region", "嘉禾市禾川区"),
                            ("province", "浙江省"), ("lead", "嘉禾市市场监督管理局"),
                            ("participants", "嘉禾市发展和改革委员会\n嘉禾市经济和信息化局"), ("approved", "2023-01-10"),
                            ("enterprises", "嘉禾恒驰电驱科技股份有限公司，链主企业")]:
            form.find_element(By.NAME, name).send_keys(value)
        navigate(chair, form.submit)
        check("/chair/evaluations/" in chair.current_url, "evaluation created")
        evaluation = chair.current_url

        names = ["王建华", "陈思远", "李晓梅", "赵志刚", "周丽娟"]
        links = []
        for i, n in enumerate(names):
            f = chair.find_element(By.XPATH, "//form[contains(@action, '/evaluations/') and contains(@action, '/experts')]")
            f.find_element(By.NAME, "name").send_keys(n)
            f.find_element(By.NAME, "organization").send_keys("浙江省质量科学研究院")
            Select(f.find_element(By.NAME, "kind")).select_by_index(i % 5)
            navigate(chair, f.submit)
            links.append(chair.find_element(By.CSS_SELECTOR, ".linkfield").get_attribute("value"))
            check(len(chair.find_elements(By.CSS_SELECTOR, ".qrbox svg")) == 1, "QR code of expert %d" % i)
            if i == 0:
                shot(chair, "03-expert-link")
            chair.get(evaluation)

        experts = browser()
        for i, l in enumerate(links):
            experts.delete_all_cookies()
            experts.get(l)
            check(experts.current_url.endswith("/sheet"), "expert %d signed in" % i)
            experts.find_element(By.NAME, "date").send_keys("2026-11-18")
            inputs = experts.find_elements(By.CSS_SELECTOR, "input.score")
            for k, box in enumerate(inputs):
                value = box.get_attribute("data-max")
                if k == 3 + i:
                    value = "0"
                box.send_keys(value)
            experts.find_element(By.CSS_SELECTOR, "#item-1 summary").click()
            experts.find_element(By.NAME, "note-1").send_keys("专家%d的说明" % (i + 1))
            if i == 0:
                # A bad value: after the autosave the validator's message stands next to the item and
                # the summary counts it, without a reload; fixed, it goes after the next autosave.
                box = experts.find_element(By.CSS_SELECTOR, "#item-1 input.score")
                right = box.get_attribute("value")
                box.clear()
                box.send_keys("9")
                listed = experts.find_element(By.CSS_SELECTOR, "#item-1 ul[data-problems='1']")
                waited(experts, lambda d: listed.is_displayed() and "第1条评分标准的得分" in listed.text,
                       "autosave shows the problem next to item 1")
                check("bad" in experts.find_element(By.ID, "item-1").get_attribute("class"), "item 1 marked")
                check("尚有 1 处" in experts.find_element(By.ID, "validity").text, "summary counts the problem")
                shot(experts, "04a-expert-problem")
                box.clear()
                box.send_keys(right)
                waited(experts, lambda d: not listed.is_displayed() and listed.text == "", "fixed problem gone after autosave")
                check("bad" not in experts.find_element(By.ID, "item-1").get_attribute("class"), "item 1 no longer marked")
                check("评分表完整" in experts.find_element(By.ID, "validity").text, "summary: sheet complete")
            WebDriverWait(experts, 20).until(lambda d: "已自动保存" in d.find_element(By.ID, "autosave").text)
            time.sleep(1.0)
            WebDriverWait(experts, 20).until(lambda d: "已自动保存" in d.find_element(By.ID, "autosave").text)
            if i == 0:
                shot(experts, "04-expert-sheet")
            if i == 1:
                # A reload before the autosave has run loses nothing: the browser kept the draft,
                # puts it back and saves it (item 1's details are open from the note above).
                experts.find_element(By.NAME, "note-1").send_keys("（补充）")
                experts.refresh()
                waited(experts, lambda d: "（补充）" in d.find_element(By.NAME, "note-1").get_attribute("value"),
                       "typed text put back after a reload")
                WebDriverWait(experts, 20).until(lambda d: "已自动保存" in d.find_element(By.ID, "autosave").text)
                experts.refresh()
                check("（补充）" in experts.find_element(By.NAME, "note-1").get_attribute("value"), "restored text saved on the server")
                check("已恢复" not in experts.find_element(By.ID, "autosave").text, "nothing to restore once saved")
            total = experts.find_element(By.ID, "total").text
            check(total.startswith("9") and total != "100", "live sum on expert %d's sheet (%s)" % (i, total))
            navigate(experts, experts.find_element(By.CSS_SELECTOR, "button.submit").click)
            body = experts.find_element(By.TAG_NAME, "body").text
            check("评分表已提交并锁定" in body, "expert %d submitted" % i)
            if i == 4:
                check("专家组评分（已公开）" in body, "scores open once all submitted")
                shot(experts, "05-expert-submitted")
            elif i == 0:
                check("专家组评分（已公开）" not in body, "blind before all submitted")

        chair.get(evaluation)
        check("已提交 5 / 5" in chair.find_element(By.TAG_NAME, "body").text, "chair sees five submitted")
        f = chair.find_element(By.XPATH, "//form[contains(@action, '/settle')]")
        for name, value in [("province", "浙江省"), ("bureau", "浙江省市场监督管理局"), ("date", "2026-11-20"),
                            ("material-review", "2026-11-10"), ("site-review", "2026-11-18"),
                            ("findings", "组织领导有力。"), ("recommendations", "加快区域品牌规划出台。")]:
            el = f.find_element(By.NAME, name)
            el.clear()
            el.send_keys(value)
        Select(f.find_element(By.NAME, "leader")).select_by_visible_text("陈思远")
        navigate(chair, f.submit)
        shot(chair, "06-chair-evaluation")
        text = chair.find_element(By.TAG_NAME, "body").text
        check("可授予" in text, "panel result designates")

        session = chair.get_cookie("yrdq_session")["value"]
        eid = evaluation.rsplit("/", 1)[1]
        pdf, ctype = request(base, "/chair/evaluations/%s/documents/provincial/pdf" % eid, session)
        check(pdf.startswith(b"%PDF") and ctype == "application/pdf", "provincial report PDF downloaded")
        csrf = chair.find_element(By.NAME, "csrf").get_attribute("value")
        cert, ctype = request(base, "/chair/evaluations/%s/certificate" % eid, session, {"csrf": csrf, "format": "pdf"})
        check(cert.startswith(b"%PDF"), "certificate issued")
        with open(tmp + "/cert.pdf", "wb") as fh:
            fh.write(cert)
        subprocess.run(["pdftoppm", "-r", "300", "-png", "-f", "1", "-l", "1", tmp + "/cert.pdf", tmp + "/cert"], check=True)
        png = [p for p in os.listdir(tmp) if p.startswith("cert") and p.endswith(".png")][0]
        qr = subprocess.run(["zbarimg", "--raw", "-q", os.path.join(tmp, png)], capture_output=True, text=True).stdout.strip()
        check(len(qr) > 0, "certificate QR decoded")
        v = subprocess.run([yrdq, "certificate", "verify", qr, "--key", tmp + "/keys/yrdq-signing-key.pub.pem"],
                           capture_output=True, text=True)
        check(v.returncode == 0, "certificate verified: " + v.stdout + v.stderr)
        chair.get(evaluation + "/events")
        shot(chair, "07-chair-events")
        check("签发证书" in chair.find_element(By.TAG_NAME, "body").text, "audit trail records the certificate")
    finally:
        for d in (chair, experts):
            if d:
                d.quit()
        if server:
            server.terminate()
            server.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)
    print("workspace-e2e: %d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
