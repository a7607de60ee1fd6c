package api

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/text/language"

	"github.com/tracechain/tracechain/x/lib/epcis"
	tracetypes "github.com/tracechain/tracechain/x/trace/types"
)

//go:embed pages/*.html
var pageFiles embed.FS

var pageTemplates = template.Must(template.ParseFS(pageFiles, "pages/*.html"))

// words are a page's texts in one language.
type words struct {
	Recalled, RecallWhat, RecallRecord                          string
	GTIN, Category, Lot, Serial, Producer, Status, Quantity     string
	Holder, LastSeen, Storage, Place, Coordinates, Journey      string
	Record, Block, Footer                                       string
	ColdChain, Limits, Excursion, ExcursionCount, Device        string
	Origin, Field                                               string
	Certifications, Valid, Expired, Revoked, ValidUntil, By     string
	CertKinds                                                   map[tracetypes.CertificationKind]string
	NotFound, NotFoundExplain, BadLink, BadLinkExplain, Unready string
	InTransit                                                   string
	Statuses                                                    map[tracetypes.ObjectStatus]string
}

var (
	english = words{
		Recalled: "This product has been recalled", RecallWhat: "Do not eat or use it. Return it to where you bought it, or contact its producer.",
		RecallRecord: "Recall record", GTIN: "Product code (GTIN)", Category: "Category", Lot: "Lot", Serial: "Serial number",
		Producer: "Producer", Status: "Status", Quantity: "Quantity", Holder: "Held by", LastSeen: "Last seen at",
		Storage: "Keep between", Place: "Place", Coordinates: "Coordinates", Journey: "Its journey",
		Origin: "Where it came from", Field: "field",
		Certifications: "Certifications", Valid: "valid", Expired: "expired", Revoked: "revoked", ValidUntil: "valid until", By: "by",
		CertKinds: map[tracetypes.CertificationKind]string{
			tracetypes.CERTIFICATION_KIND_ORGANIC: "Organic", tracetypes.CERTIFICATION_KIND_INSPECTION_PASS: "Inspection passed",
			tracetypes.CERTIFICATION_KIND_INSPECTION_FAIL: "Inspection failed", tracetypes.CERTIFICATION_KIND_LAB_REPORT: "Lab report",
			tracetypes.CERTIFICATION_KIND_OTHER: "Certificate",
		}, ColdChain: "Cold chain", Limits: "storage limits", Excursion: "excursion (outside the limits)", ExcursionCount: "excursions recorded", Device: "Device",
		Record: "record", Block: "block", Footer: "Every fact on this page is read from TraceChain at block",
		NotFound: "We have no record of this product", NotFoundExplain: "This code is valid, but nothing has been recorded for it on TraceChain. Check the code on the package, or ask the seller.",
		BadLink: "This is not a valid product code", BadLinkExplain: "The scanned link is not a GS1 Digital Link TraceChain can read (a digit may be wrong).",
		Unready: "Not ready yet: try again in a moment.", InTransit: "on its way to its next holder",
		Statuses: map[tracetypes.ObjectStatus]string{
			tracetypes.OBJECT_STATUS_ACTIVE: "in circulation", tracetypes.OBJECT_STATUS_CONSUMED: "used up",
			tracetypes.OBJECT_STATUS_DECOMMISSIONED: "withdrawn",
		},
	}
	chinese = words{
		Recalled: "此产品已被召回", RecallWhat: "请勿食用或使用。请退回购买处，或联系生产者。",
		RecallRecord: "召回记录", GTIN: "商品条码 (GTIN)", Category: "类别", Lot: "批次", Serial: "序列号",
		Producer: "生产者", Status: "状态", Quantity: "数量", Holder: "持有方", LastSeen: "最后位置",
		Storage: "储存温度", Place: "地点", Coordinates: "坐标", Journey: "流通过程",
		Origin: "产地来源", Field: "地块",
		Certifications: "认证", Valid: "有效", Expired: "已过期", Revoked: "已撤销", ValidUntil: "有效期至", By: "认证方",
		CertKinds: map[tracetypes.CertificationKind]string{
			tracetypes.CERTIFICATION_KIND_ORGANIC: "有机认证", tracetypes.CERTIFICATION_KIND_INSPECTION_PASS: "检验合格",
			tracetypes.CERTIFICATION_KIND_INSPECTION_FAIL: "检验不合格", tracetypes.CERTIFICATION_KIND_LAB_REPORT: "检测报告",
			tracetypes.CERTIFICATION_KIND_OTHER: "证书",
		}, ColdChain: "冷链温度", Limits: "储存温度范围", Excursion: "超限（超出储存范围）", ExcursionCount: "次超限记录", Device: "设备",
		Record: "记录", Block: "区块", Footer: "本页每条信息均读取自 TraceChain 区块",
		NotFound: "没有这个产品的记录", NotFoundExplain: "这个码是有效的，但 TraceChain 上没有它的记录。请核对包装上的码，或询问卖家。",
		BadLink: "这不是有效的产品码", BadLinkExplain: "扫描到的链接不是 TraceChain 能识别的 GS1 数字链接（可能有数字错误）。",
		Unready: "暂未就绪，请稍后再试。", InTransit: "运往下一持有方途中",
		Statuses: map[tracetypes.ObjectStatus]string{
			tracetypes.OBJECT_STATUS_ACTIVE: "流通中", tracetypes.OBJECT_STATUS_CONSUMED: "已用完",
			tracetypes.OBJECT_STATUS_DECOMMISSIONED: "已撤回",
		},
	}
	languages = language.NewMatcher([]language.Tag{language.English, language.Chinese})
)

// wordsFor picks English or Chinese by Accept-Language.
func wordsFor(c *gin.Context) (string, words) {
	tags, _, err := language.ParseAcceptLanguage(c.GetHeader("Accept-Language"))
	if err == nil && len(tags) > 0 {
		if _, i, conf := languages.Match(tags...); i == 1 && conf != language.No {
			return "zh", chinese
		}
	}
	return "en", english
}

// step is one event of the journey.
type step struct {
	Step, Time, EscapedID string
	Height                int64
}

// bizStepWords name the business steps a shopper meets.
var bizStepWords = map[string][2]string{
	"harvesting": {"Harvested", "采收"}, "commissioning": {"Made", "生产"}, "cooling": {"Cooled", "预冷"},
	"packing": {"Packed", "包装"}, "shipping": {"Shipped", "发货"}, "receiving": {"Received", "收货"},
	"loading": {"Loaded", "装车"}, "unloading": {"Unloaded", "卸货"}, "storing": {"Stored", "入库"},
	"inspecting": {"Inspected", "检验"}, "milling": {"Milled", "碾磨"}, "transforming": {"Processed", "加工"},
	"retail_selling": {"Sold", "零售"}, "accepting": {"Accepted", "验收"}, "arriving": {"Arrived", "到达"},
	"departing": {"Departed", "出发"}, "holding": {"On hold", "暂扣"}, "destroying": {"Destroyed", "销毁"},
}

func stepName(lang, bizStep, eventType string) string {
	term := epcis.BizStepTerm(bizStep)
	if term == "" {
		term = bizStep[strings.LastIndexAny(bizStep, "/:-")+1:]
	}
	if w, ok := bizStepWords[term]; ok {
		if lang == "zh" {
			return w[1]
		}
		return w[0]
	}
	if term == "" {
		return eventType
	}
	return term
}

// consumerPage renders the page of a resolved key.
func (s *Server) consumerPage(c *gin.Context, r *resolved) {
	lang, t := wordsFor(c)
	data := map[string]any{
		"Lang": lang, "T": t, "ID": r.ID, "Product": r.Product, "Object": r.Object, "Location": r.Location,
		"Producer": r.Producer, "Holder": r.Holder, "LastSeen": r.LastSeen, "Height": r.Height, "Self": c.Request.URL.EscapedPath(),
	}
	name := r.ID.URI
	switch {
	case r.Product != nil && r.Product.Name != "":
		name = r.Product.Name
	case r.Location != nil && r.Location.Name != "":
		name = r.Location.Name
	}
	data["Name"], data["Title"] = name, name+" · TraceChain"
	if r.Object != nil {
		data["Status"] = t.Statuses[r.Object.Object.Status]
		data["StatusClass"] = "ok"
		if r.Object.Shipment != nil {
			data["Status"] = t.InTransit
		}
		if r.Object.Object.RecallId != 0 {
			data["Status"] = t.Recalled
			data["Recall"] = r.Object.Object.RecallId
			data["StatusClass"] = "warn"
		}
	}
	if p := r.Product; p != nil && (p.MinTemperatureCelsius != "" || p.MaxTemperatureCelsius != "") {
		data["Storage"] = p.MinTemperatureCelsius + " – " + p.MaxTemperatureCelsius + " °C"
	}
	var journey []step
	for _, ev := range r.Events {
		when := ev.EventTime
		if t, err := time.Parse(time.RFC3339Nano, ev.EventTime); err == nil {
			when = t.UTC().Format("2006-01-02 15:04 UTC")
		}
		journey = append(journey, step{Step: stepName(lang, ev.BizStep, ev.Type), Time: when, EscapedID: url.PathEscape(ev.EventId), Height: ev.Height})
	}
	data["Journey"], data["Origins"], data["Certificates"] = journey, r.Origins, r.Certificates
	plots, excursions, err := s.coldChain(c.Request.Context(), r, lang)
	if err != nil {
		s.errorPage(c, http.StatusBadGateway, err.Error())
		return
	}
	data["ColdChain"], data["Excursions"] = plots, len(excursions)
	s.renderPage(c, http.StatusOK, "product.html", data)
}

// errorPage is a resolver error a person understands.
func (s *Server) errorPage(c *gin.Context, status int, detail string) {
	lang, t := wordsFor(c)
	headline, explain := t.BadLink, t.BadLinkExplain
	switch status {
	case http.StatusNotFound:
		headline, explain = t.NotFound, t.NotFoundExplain
	case http.StatusBadRequest:
	default:
		headline, explain, detail = t.Unready, "", ""
	}
	s.renderPage(c, status, "error.html", map[string]any{
		"Lang": lang, "Title": headline + " · TraceChain", "Headline": headline, "Explain": explain, "Detail": detail, "Status": status,
	})
}

func (s *Server) renderPage(c *gin.Context, status int, name string, data map[string]any) {
	var buf bytes.Buffer
	if err := pageTemplates.ExecuteTemplate(&buf, name, data); err != nil {
		fail(c, http.StatusInternalServerError, "internal", "page "+name+": "+err.Error())
		return
	}
	c.Header("Content-Language", data["Lang"].(string))
	c.Abort()
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}
