;;; sluice-mode.el --- Major mode for Sluice deal files  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "25.1"))
;; Keywords: languages

;;; Commentary:

;; Highlighting, comments, brace indentation and an imenu index for Sluice
;; deal files (*.deal).  The keyword lists follow
;; compiler/syntax/grammar.hpp; tests/editors checks that none is missing.
;;
;; Two things need more than a regexp, as they depend on the words around:
;; - A unit follows its number on the same line: the first word after it that
;;   is not a reserved word and not followed by `.' or `(', as the parser
;;   reads it (`30_000 USD/gpu/h').
;; - Property names are the words that open a line, or follow `{', or follow
;;   two blanks after a value, inside the braces of a fleet, lease, holding,
;;   loan, receivables, tranche, convertible, account, facility, hedge or `use'.

;;; Code:

(defgroup sluice nil
  "Editing Sluice deal files."
  :group 'languages
  :prefix "sluice-")

(defcustom sluice-indent-offset 2
  "Columns of indentation for each open brace or parenthesis."
  :type 'integer
  :safe #'integerp)

;; Emacs 29 has number, property and operator faces; older ones fall back.
(defun sluice--face-spec (new old)
  "A face spec that inherits NEW if this Emacs has it, else OLD."
  `((t :inherit ,(if (facep new) new old))))

(defface sluice-number-face (sluice--face-spec 'font-lock-number-face 'font-lock-constant-face)
  "Face for numbers.")
(defface sluice-unit-face '((t :inherit font-lock-type-face))
  "Face for units, and for the suffixes of numbers (k, m, bn, %, bp, x).")
(defface sluice-date-face '((t :inherit font-lock-constant-face))
  "Face for dates.")
(defface sluice-property-face (sluice--face-spec 'font-lock-property-name-face 'font-lock-variable-name-face)
  "Face for property names in a declaration's braces.")
(defface sluice-operator-face (sluice--face-spec 'font-lock-operator-face 'default)
  "Face for operators.")

;;;; Words

(defconst sluice-reserved-words
  '("deal" "import" "unit" "template" "curve" "holidays" "table" "param" "let" "test" "market" "draw"
    "factor" "correlate" "jumps" "fleet" "lease" "holding" "loan" "receivables" "expense" "tranche"
    "convertible" "fee" "account" "facility" "hedge" "equity" "trigger" "waterfall" "report" "use" "as" "on"
    "cure" "for" "per" "if" "then" "else" "and" "or" "not" "true" "false" "pay" "fill" "sweep"
    "liquidate" "convert" "to" "up" "in" "full" "scheduled" "residual" "pro_rata" "sculpted")
  "Words that can never name a declaration (the parser's `reserved').")

(defconst sluice-flag-words
  '("level" "linear" "bullet" "pass_through" "capitalize" "carry" "orderly" "excess")
  "Phrase words that stand alone in a property (`amortization bullet').")

(defconst sluice-lead-words
  '("then" "over" "hazard" "recovery" "copula" "cap" "floor" "slippage" "schedule" "when" "target")
  "Phrase words that introduce a value (`over 48 months').")

(defconst sluice-block-kinds
  '("fleet" "holding" "loan" "receivables" "tranche" "convertible" "account" "facility" "hedge")
  "Declarations whose braces hold properties, with `lease' and `use'.")

(defconst sluice-value-kinds
  '("param" "let" "test" "factor" "expense" "fee" "trigger" "holidays")
  "Declarations that name a value.")

(defconst sluice-report-sections '("series" "metrics" "probability" "risk_free")
  "The words that open the lines of a report block.")

(defconst sluice-builtin-functions
  '("min" "max" "abs" "exp" "log" "sqrt" "round" "floor" "ceil" "mod" "prev" "trailing" "uniform" "normal" "choice" "lognormal" "vasicek"
    "mean_reverting" "cir" "path" "csv" "poisson" "fire_sale" "paced_sale" "cpr" "smm" "psa" "cdr" "mdr" "sda")
  "Functions the language provides (compiler/vocabulary/functions.def, and a
pool's rate forms); tests/unit/vocabulary_functions_test.cpp checks the list.")

(defconst sluice-builtin-names
  '("collections" "year_fraction" "hours" "period_number" "months_elapsed")
  "Values the language provides.")

(defconst sluice-types
  '("Money" "Ratio" "Rate" "Quantity" "Duration" "Flow" "Bool" "Date" "Curve" "Text" "Number"
    "Fleet" "Lease" "Holding" "Loan" "Receivables" "Tranche" "Account" "Factor" "Trigger" "Fee" "Equity")
  "Types of a `param' or template parameter annotation.")

(defconst sluice--name "[A-Za-z_][A-Za-z0-9_]*"
  "A name.")

(defconst sluice--not-units
  (append sluice-reserved-words sluice-flag-words sluice-lead-words)
  "Words that end a number instead of being its unit.")

(defconst sluice--continuations
  (append '("and" "or" "not" "per" "for" "then" "else" "if" "over" "hazard" "recovery" "copula" "cap" "floor"
            "schedule" "when" "sculpted")
          sluice-flag-words)
  "Words that continue a property's value rather than open a property.")

(defun sluice--opt (words)
  "A regexp for one of WORDS as a whole word, without a capturing group."
  (concat "\\_<\\(?:" (regexp-opt words) "\\)\\_>"))

(defun sluice--words (words)
  "A regexp for WORDS as whole words, in group 1, not after a `.'.
A member may be any word (`A.target'), so a word after a dot is no keyword."
  (concat "\\(?:^\\|[^.A-Za-z0-9_]\\)\\(" (sluice--opt words) "\\)"))

(defun sluice--after-word (words)
  "A regexp for one of WORDS (group 1), blanks and a name (group 2)."
  (concat (sluice--words words) "[ \t]+\\(" sluice--name "\\)"))

;;;; Matchers for what a regexp alone cannot say

(defun sluice--ppss (pos)
  "Return the syntax state at POS and leave point alone, unlike `syntax-ppss'."
  (save-excursion (syntax-ppss pos)))

(defun sluice--in-code-p (pos)
  "Non-nil if POS is outside strings and comments."
  (let ((ppss (sluice--ppss pos)))
    (not (or (nth 3 ppss) (nth 4 ppss)))))

(defconst sluice--number-re
  (concat "\\_<\\([0-9]\\(?:[0-9]\\|_[0-9]\\)*\\(?:\\.[0-9]+\\)?\\(?:[eE][-+]?[0-9]+\\)?\\)"
          "\\(\\(?:bn\\|k\\|m\\)\\_>\\)?"
          "\\(%\\|\\(?:bp\\|x\\)\\_>\\)?")
  "A number: group 1 the digits, 2 the scale, 3 the suffix.")

(defun sluice--unit-after (pos)
  "The unit that follows POS after blanks on its line, as (BEG . END), or nil."
  (save-excursion
    (goto-char pos)
    (when (looking-at "[ \t]+")
      (goto-char (match-end 0))
      (let ((beg (point)))
        (when (and (looking-at sluice--name)
                   (not (member (match-string-no-properties 0) sluice--not-units))
                   (not (memq (char-after (match-end 0)) '(?. ?\())))
          (goto-char (match-end 0))
          ;; `USD/gpu/h': more units after `/' or `*', each not before `.' or `('.
          (while (and (looking-at (concat "[/*]" sluice--name))
                      (not (memq (char-after (match-end 0)) '(?. ?\())))
            (goto-char (match-end 0)))
          (cons beg (point)))))))

(defun sluice--match-number (limit)
  "Font-lock matcher for the next number before LIMIT.
Sets groups 1 (digits), 2 (scale), 3 (suffix) and 4 (unit)."
  (let (found)
    (while (and (not found) (re-search-forward sluice--number-re limit t))
      (when (sluice--in-code-p (match-beginning 0))
        ;; A number with a suffix (`5%') takes no unit.
        (let ((unit (and (not (match-beginning 3))
                         (save-match-data (sluice--unit-after (match-end 0))))))
          (set-match-data (list (match-beginning 0) (if unit (cdr unit) (match-end 0))
                                (match-beginning 1) (match-end 1)
                                (match-beginning 2) (match-end 2)
                                (match-beginning 3) (match-end 3)
                                (car unit) (cdr unit)))
          (goto-char (match-end 0))
          (setq found t))))
    found))

(defun sluice--block-head (pos)
  "The keyword that opens the braces directly around POS, or nil.
Only braces, not parentheses, count."
  (let* ((ppss (sluice--ppss pos))
         (open (nth 1 ppss)))
    (when (and open (eq (char-after open) ?{) (not (nth 3 ppss)) (not (nth 4 ppss)))
      (save-excursion
        (goto-char open)
        (skip-chars-backward " \t\n")   ; the brace may be on a line of its own
        (beginning-of-line)
        (when (looking-at (concat "[ \t]*\\(" sluice--name "\\)"))
          (match-string-no-properties 1))))))

(defun sluice--opens-item-p (beg word)
  "Return non-nil if WORD at BEG opens a property (or a report line).
Such a word opens its line (unless it continues a value), follows `{', or
follows two blanks after a value on the same line."
  (save-excursion
    (goto-char beg)
    (skip-chars-backward " \t")
    (cond ((bolp) (not (member word sluice--continuations)))
          ((eq (char-before) ?{) t)
          (t (and (>= (- beg (point)) 2)
                  (or (memq (char-syntax (char-before)) '(?w ?_ ?\) ?\"))
                      (eq (char-before) ?%))
                  (not (member word '("and" "or" "per" "for" "then" "else")))
                  ;; Not the value right after the property name itself.
                  (not (looking-back (concat "\\(?:^\\|{\\)[ \t]*" sluice--name)
                                     (line-beginning-position))))))))

(defvar sluice--block-word-face nil
  "The face `sluice--match-block-word' chose for its last match.")

(defun sluice--match-block-word (limit)
  "Font-lock matcher for property names and report sections before LIMIT.
Sets group 1 and `sluice--block-word-face'."
  (let (found)
    (while (and (not found) (re-search-forward (concat "\\_<" sluice--name) limit t))
      (let* ((beg (match-beginning 0))
             (end (match-end 0))
             (word (match-string-no-properties 0))
             (head (and (not (eq (char-before beg) ?.)) (sluice--block-head beg))))
        (when (and head (sluice--opens-item-p beg word))
          (cond ((member head (append sluice-block-kinds '("lease" "use")))
                 (setq sluice--block-word-face 'sluice-property-face found t))
                ((and (equal head "report") (member word sluice-report-sections))
                 (setq sluice--block-word-face 'font-lock-keyword-face found t)))
          (when found
            (set-match-data (list beg end beg end))))))
    found))

;;;; Font lock

(defconst sluice-font-lock-keywords
  `(;; Property names first: `target', `slippage' and `liquidate' are also keywords.
    (sluice--match-block-word (1 sluice--block-word-face))
    ;; Declarations and the names they declare.
    (,(concat (sluice--words '("import")) "\\(?:[ \t]+\\(" sluice--name "\\(?:\\." sluice--name "\\)*\\)\\)?")
     (1 font-lock-keyword-face) (2 font-lock-constant-face nil t))
    (,(concat (sluice--words '("use")) "[ \t]+\\(" sluice--name "\\(?:\\." sluice--name "\\)*\\)"
              "\\(?:[ \t]+\\(as\\)[ \t]+\\(" sluice--name "\\)\\)?")
     (1 font-lock-keyword-face) (3 font-lock-keyword-face nil t) (4 font-lock-type-face nil t))
    (,(sluice--after-word '("as")) (1 font-lock-keyword-face) (2 font-lock-constant-face))
    (,(sluice--after-word '("unit")) (1 font-lock-keyword-face) (2 font-lock-type-face))
    (,(sluice--after-word '("template" "curve")) (1 font-lock-keyword-face) (2 font-lock-function-name-face))
    ;; A named stress and its lines: `stress NAME {', `F falls|rises P over N',
    ;; `set P = V', `default L at N months|never', `POOL default|prepayment RATE(R)'.
    (,(sluice--after-word '("stress")) (1 font-lock-keyword-face) (2 font-lock-function-name-face))
    (,(sluice--words '("falls" "rises")) (1 font-lock-keyword-face))
    (,(concat "^[ \t]*" (sluice--words '("set")) "[ \t]+" sluice--name "[ \t]*=") (1 font-lock-keyword-face))
    (,(concat "^[ \t]*" (sluice--words '("default")) "[ \t]+" sluice--name "[ \t]+\\(" (sluice--opt '("at" "never")) "\\)")
     (1 font-lock-keyword-face) (2 font-lock-keyword-face))
    (,(concat "^[ \t]*" sluice--name "[ \t]+" (sluice--words '("default" "prepayment")) "[ \t]+" sluice--name "[ \t]*(")
     (1 font-lock-keyword-face))
    (,(sluice--after-word sluice-value-kinds) (1 font-lock-keyword-face) (2 font-lock-variable-name-face))
    ;; `draw x = ...' declares a draw; `draw ACCT for CLAIM' is a step.
    (,(concat (sluice--after-word '("draw")) "[ \t]*=\\(?:[^=]\\|$\\)")
     (1 font-lock-keyword-face) (2 font-lock-variable-name-face))
    (,(sluice--after-word (append sluice-block-kinds '("equity" "lease")))
     (1 font-lock-keyword-face) (2 font-lock-type-face))
    (,(concat (sluice--words '("waterfall")) "\\(?:[ \t]+\\(" sluice--name "\\)\\)?")
     (1 font-lock-keyword-face)
     (2 (unless (equal (match-string 2) "when") font-lock-function-name-face) nil t))
    (,(sluice--words '("deal" "market" "table" "correlate" "report" "on"))
     (1 font-lock-keyword-face))
    ;; Deal settings: not reserved, so each only before a value of its shape.
    (,(concat (sluice--words '("currency")) "[ \t]+\\(" sluice--name "\\)")
     (1 font-lock-preprocessor-face) (2 'sluice-unit-face))
    (,(concat (sluice--words '("start" "first_payment" "cutoff" "settlement" "payment_day")) "[ \t]+[0-9]") (1 font-lock-preprocessor-face))
    (,(concat (sluice--words '("wal")) "[ \t]+\\(?:from\\|on\\)[ \t]") (1 font-lock-preprocessor-face))
    (,(concat (sluice--words '("from")) "[ \t]+\\(?:start\\|cutoff\\|settlement\\)\\_>") (1 font-lock-preprocessor-face))
    ;; A tape: `lease tape NAME on F from "FILE.csv"`, `loan tape NAME from "FILE.csv"`.
    (,(concat "\\_<\\(?:lease\\|loan\\)[ \t]+\\(tape\\)[ \t]+[A-Za-z_]") (1 font-lock-keyword-face))
    (,(concat (sluice--words '("from")) "[ \t]+\"") (1 font-lock-keyword-face))
    (,(concat (sluice--words '("horizon")) "[ \t]+[-(0-9A-Za-z_]") (1 font-lock-preprocessor-face))
    (,(concat (sluice--words '("period")) "[ \t]+\\(?:"
              "\\(" (sluice--opt '("monthly" "quarterly" "semiannual" "annual")) "\\)"
              "\\|\\(" sluice--name "\\)\\)")
     (1 font-lock-preprocessor-face) (2 font-lock-constant-face nil t) (3 font-lock-warning-face nil t))
    (,(concat (sluice--words '("day_count"))
              "\\(?:[ \t]+\\([A-Za-z0-9]+/[A-Za-z0-9]+"
              "\\(?:[ \t]+\\(?:[Ii][Ss][Dd][Aa]\\|[Uu][Ss]\\|[Bb]ond[ \t]+[Bb]asis\\|[Ff]ixed\\)\\_>\\)?\\)\\)?")
     (1 font-lock-preprocessor-face) (2 font-lock-constant-face nil t))
    (,(concat (sluice--words '("calendar")) "[ \t]+\\(?:\\(weekdays\\_>\\)\\|"
              sluice--name "\\(?:\\." sluice--name "\\)*\\)"
              "\\(?:[ \t]+"
              "\\(" (sluice--opt '("modified_following" "following" "preceding" "unadjusted")) "\\)\\)?")
     (1 font-lock-preprocessor-face) (2 font-lock-constant-face nil t) (3 font-lock-constant-face nil t))
    ;; Dates before numbers, and numbers with their units.
    ("\\_<[0-9]\\{4\\}-[0-9]\\{2\\}-[0-9]\\{2\\}\\_>" (0 'sluice-date-face))
    (sluice--match-number (1 'sluice-number-face) (2 'sluice-unit-face nil t)
                          (3 'sluice-unit-face nil t) (4 'sluice-unit-face nil t))
    (,(concat (sluice--words '("per")) "\\(?:[ \t]+\\(" sluice--name "\\(?:[/*]" sluice--name "\\)*\\)\\)?")
     (1 font-lock-keyword-face) (2 'sluice-unit-face nil t))
    ;; Phrase words and keywords.
    (,(concat (sluice--words '("sculpted")) "\\(?:[ \t]+\\(dscr\\)\\_>\\)?")
     (1 font-lock-keyword-face) (2 font-lock-keyword-face nil t))
    (")[ \t]+\\(size\\)\\_>" (1 font-lock-keyword-face))  ; jumps poisson(...) size S
    (,(sluice--words sluice-flag-words) (1 font-lock-constant-face))
    ;; `floor(' is the function; `, floor 1%' the lead word.
    (,(concat (sluice--words '("floor")) "[ \t]*(") (1 font-lock-builtin-face))
    (,(sluice--words sluice-lead-words) (1 font-lock-keyword-face))
    (,(sluice--words '("true" "false")) (1 font-lock-constant-face))
    (,(sluice--words '("pay" "fill" "sweep" "liquidate" "convert" "draw" "steps" "if" "else"
                       "in" "full" "up" "to" "scheduled" "residual" "pro_rata"
                       "cure" "for" "jumps" "and" "or" "not"))
     (1 font-lock-keyword-face))
    ;; Functions, built-in values, types and operators.
    (,(concat (sluice--words sluice-builtin-functions) "[ \t]*(") (1 font-lock-builtin-face))
    (,(sluice--words sluice-builtin-names) (1 font-lock-builtin-face))
    (,(concat ":[ \t]*\\(" (sluice--opt sluice-types) "\\)") (1 font-lock-type-face))
    ("<=\\|>=\\|==\\|!=\\|[-+*/<>=]" (0 'sluice-operator-face)))
  "Highlighting for `sluice-mode'.  Earlier entries win over later ones.")

;;;; Syntax, indentation, imenu

(defun sluice--syntax-propertize (start end)
  "Make an unclosed string end at the end of its line, between START and END.
Sluice strings stay on one line; without this, Emacs would run an unclosed
one on to the next quote.  Its quote and the newline become string fences."
  (goto-char start)
  (while (re-search-forward "\"" end t)
    (let ((open (match-beginning 0)))
      (unless (let ((ppss (save-excursion (syntax-ppss open))))
                (or (nth 3 ppss) (nth 4 ppss)))
        (if (looking-at "\\(?:[^\"\\\n]\\|\\\\.\\)*\"")
            (goto-char (match-end 0))
          (end-of-line)
          (put-text-property open (1+ open) 'syntax-table (string-to-syntax "|"))
          (unless (eobp)
            (put-text-property (point) (1+ (point)) 'syntax-table (string-to-syntax "|"))
            (forward-char 1)))))))

(defvar sluice-mode-syntax-table
  (let ((st (make-syntax-table)))
    (modify-syntax-entry ?_ "_" st)
    ;; `//' to the end of the line (style b) and `/* */' (style a), as in C++.
    (modify-syntax-entry ?/ ". 124b" st)
    (modify-syntax-entry ?* ". 23" st)
    (modify-syntax-entry ?\n "> b" st)
    (modify-syntax-entry ?\" "\"" st)
    (modify-syntax-entry ?\\ "\\" st)
    (dolist (c '(?% ?. ?, ?: ?= ?< ?> ?+ ?- ?! ?' ?&))
      (modify-syntax-entry c "." st))
    st)
  "Syntax table for `sluice-mode'.")

(defun sluice--indentation ()
  "The column the current line should start at."
  (save-excursion
    (back-to-indentation)
    (let* ((ppss (syntax-ppss))
           (depth (nth 0 ppss)))
      (if (nth 4 ppss)
          ;; Inside a block comment: keep the line above's indentation.
          (progn (forward-line -1) (current-indentation))
        (when (looking-at-p "[})]")
          (setq depth (1- depth)))
        (* sluice-indent-offset (max depth 0))))))

(defun sluice-indent-line ()
  "Indent the current line by the braces and parentheses around it."
  (interactive)
  (let ((column (sluice--indentation)))
    (if (> (current-column) (current-indentation))
        (save-excursion (indent-line-to column))
      (indent-line-to column))))

(defconst sluice-imenu-generic-expression
  (mapcar (lambda (kind)
            (list (capitalize kind)
                  (concat "^[ \t]*" kind "[ \t]+\\(" sluice--name "\\)")
                  1))
          '("template" "curve" "param" "let" "test" "factor" "trigger" "account" "equity" "fee" "expense"
            "tranche" "convertible" "facility" "hedge" "receivables" "loan" "holding" "lease" "fleet" "unit"))
  "Declarations listed by `imenu'.")

;;;###autoload
(define-derived-mode sluice-mode prog-mode "Sluice"
  "Major mode for Sluice deal files.

\\{sluice-mode-map}"
  :syntax-table sluice-mode-syntax-table
  (setq-local comment-start "// ")
  (setq-local comment-end "")
  (setq-local comment-start-skip "\\(?://+\\|/\\*+\\)[ \t]*")
  (setq-local comment-multi-line t)
  (setq-local syntax-propertize-function #'sluice--syntax-propertize)
  (setq-local font-lock-defaults '(sluice-font-lock-keywords))
  (setq-local indent-line-function #'sluice-indent-line)
  (setq-local indent-tabs-mode nil)
  (setq-local electric-indent-chars (append "{}()" electric-indent-chars))
  (setq-local imenu-generic-expression sluice-imenu-generic-expression))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.deal\\'" . sluice-mode))

(provide 'sluice-mode)

;;; sluice-mode.el ends here
