#include "mail/senders.h"

#include <curl/curl.h>

#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <stdexcept>

#include "core/config.h"
#include "core/crypto.h"

namespace plangate::mail {

namespace {

bool IsAscii(const std::string& s) {
  for (unsigned char c : s) {
    if (c >= 0x80 || c == '\r' || c == '\n') return false;
  }
  return true;
}

// RFC 2047 for non-ASCII headers; also neutralises CR/LF header injection.
std::string EncodeHeader(const std::string& value) {
  if (IsAscii(value)) return value;
  std::string b64;
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::size_t i = 0;
  for (; i + 2 < value.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(value[i]) << 16) |
                 (static_cast<unsigned char>(value[i + 1]) << 8) |
                 static_cast<unsigned char>(value[i + 2]);
    for (int k = 18; k >= 0; k -= 6) b64 += kAlphabet[(v >> k) & 63];
  }
  if (i < value.size()) {
    unsigned v = static_cast<unsigned char>(value[i]) << 16;
    if (i + 1 < value.size()) v |= static_cast<unsigned char>(value[i + 1]) << 8;
    b64 += kAlphabet[(v >> 18) & 63];
    b64 += kAlphabet[(v >> 12) & 63];
    b64 += i + 1 < value.size() ? kAlphabet[(v >> 6) & 63] : '=';
    b64 += '=';
  }
  return "=?UTF-8?B?" + b64 + "?=";
}

std::string Crlf(const std::string& text) {
  std::string out;
  out.reserve(text.size() + text.size() / 40);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += text[i];
  }
  return out;
}

std::string RfcDate(std::int64_t now) {
  std::time_t t = static_cast<std::time_t>(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

class ConsoleSender final : public MailSender {
 public:
  explicit ConsoleSender(std::string from) : from_(std::move(from)) {}
  void Send(const OutgoingEmail& e) override {
    // stderr, not stdout: stdout carries only JSON log lines, and a mail is not a log line.
    static std::mutex mu;
    std::lock_guard lock(mu);
    std::fprintf(stderr,
                 "----- email (console backend) -----\nFrom: %s\nTo: %s\nSubject: %s\n\n%s\n"
                 "-----------------------------------\n",
                 from_.c_str(), e.to.c_str(), e.subject.c_str(), e.text.c_str());
    std::fflush(stderr);
  }

 private:
  std::string from_;
};

class FileSender final : public MailSender {
 public:
  FileSender(std::string dir, std::string from) : dir_(std::move(dir)), from_(std::move(from)) {}
  void Send(const OutgoingEmail& e) override {
    std::filesystem::create_directories(dir_);
    auto now = static_cast<std::int64_t>(std::time(nullptr));
    std::string name = std::to_string(now) + "-" + core::RandomToken(9) + ".eml";
    std::string tmp = dir_ + "/." + name + ".tmp";
    {
      std::ofstream out(tmp, std::ios::binary);
      out << BuildMime(e, from_, now, "<" + core::RandomToken(12) + "@plangate>");
      if (!out) throw std::runtime_error("cannot write to EMAIL_FILE_DIR");
    }
    std::filesystem::rename(tmp, dir_ + "/" + name);
  }

 private:
  std::string dir_;
  std::string from_;
};

class SmtpSender final : public MailSender {
 public:
  explicit SmtpSender(const core::Config& c)
      : url_("smtp://" + c.smtp_host + ":" + std::to_string(c.smtp_port)),
        starttls_(c.smtp_starttls),
        username_(c.smtp_username),
        password_(c.smtp_password),
        from_(c.email_from) {}

  void Send(const OutgoingEmail& e) override {
    auto now = static_cast<std::int64_t>(std::time(nullptr));
    std::string domain = AddressOf(from_);
    domain =
        domain.substr(domain.find('@') == std::string::npos ? domain.size() : domain.find('@') + 1);
    Payload payload{
        BuildMime(e, from_, now,
                  "<" + core::RandomToken(12) + "@" + (domain.empty() ? "plangate" : domain) + ">"),
        0};
    CURL* curl = curl_easy_init();
    if (!curl) throw std::runtime_error("curl_easy_init failed");
    std::string mail_from = "<" + AddressOf(from_) + ">";
    std::string rcpt = "<" + e.to + ">";
    curl_slist* recipients = curl_slist_append(nullptr, rcpt.c_str());
    char error[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(curl, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, mail_from.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, &Payload::Read);
    curl_easy_setopt(curl, CURLOPT_READDATA, &payload);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 5L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    if (starttls_) curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    if (!username_.empty()) {
      curl_easy_setopt(curl, CURLOPT_USERNAME, username_.c_str());
      curl_easy_setopt(curl, CURLOPT_PASSWORD, password_.c_str());
    }
    CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(recipients);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK) {
      throw std::runtime_error(std::string("smtp: ") + (error[0] ? error : curl_easy_strerror(rc)));
    }
  }

 private:
  struct Payload {
    std::string data;
    std::size_t offset;
    static std::size_t Read(char* buffer, std::size_t size, std::size_t count, void* user) {
      auto* p = static_cast<Payload*>(user);
      std::size_t n = std::min(size * count, p->data.size() - p->offset);
      std::memcpy(buffer, p->data.data() + p->offset, n);
      p->offset += n;
      return n;
    }
  };

  std::string url_;
  bool starttls_;
  std::string username_;
  std::string password_;
  std::string from_;
};

}  // namespace

std::string AddressOf(const std::string& mailbox) {
  auto lt = mailbox.find('<');
  auto gt = mailbox.find('>', lt == std::string::npos ? 0 : lt);
  if (lt != std::string::npos && gt != std::string::npos)
    return mailbox.substr(lt + 1, gt - lt - 1);
  return mailbox;
}

std::string BuildMime(const OutgoingEmail& e, const std::string& from, std::int64_t now,
                      const std::string& message_id) {
  std::string boundary = "=_plangate_" + core::RandomToken(12);
  std::string m;
  m += "From: " + EncodeHeader(from) + "\r\n";
  m += "To: " + EncodeHeader(e.to) + "\r\n";
  m += "Subject: " + EncodeHeader(e.subject) + "\r\n";
  m += "Date: " + RfcDate(now) + "\r\n";
  m += "Message-ID: " + message_id + "\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
  m += "--" + boundary +
       "\r\nContent-Type: text/plain; charset=utf-8\r\n"
       "Content-Transfer-Encoding: 8bit\r\n\r\n" +
       Crlf(e.text) + "\r\n";
  m += "--" + boundary +
       "\r\nContent-Type: text/html; charset=utf-8\r\n"
       "Content-Transfer-Encoding: 8bit\r\n\r\n" +
       Crlf(e.html) + "\r\n";
  m += "--" + boundary + "--\r\n";
  return m;
}

std::unique_ptr<MailSender> MakeSender(const core::Config& c) {
  switch (c.email_backend) {
    case core::EmailBackend::kConsole:
      return std::make_unique<ConsoleSender>(c.email_from);
    case core::EmailBackend::kFile:
      return std::make_unique<FileSender>(c.email_file_dir, c.email_from);
    case core::EmailBackend::kSmtp:
      return std::make_unique<SmtpSender>(c);
  }
  return std::make_unique<ConsoleSender>(c.email_from);
}

}  // namespace plangate::mail
